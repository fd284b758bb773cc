// A link to a lab (`#lab=NAME&…`) names no element, so the browser does not
// scroll to it, and the lab's island wakes only once it is on screen: scroll
// the linked lab into view as the page loads, and it wakes and reads its choices.
export function scrollToLinkedLab(): void {
  const name = /^#lab=([^&]+)/.exec(location.hash)?.[1];
  if (name) document.getElementById(`lab-${decodeURIComponent(name)}`)?.scrollIntoView();
}
