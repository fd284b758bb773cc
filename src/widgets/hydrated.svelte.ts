// Whether a widget's island has hydrated. Rendered on the server it is false,
// so the widget's controls are drawn disabled until they work: a click or a
// keystroke before then is never silently dropped.
export function hydrated(): { readonly ready: boolean } {
  const state = $state({ ready: false });
  $effect(() => {
    state.ready = true;
  });
  return state;
}
