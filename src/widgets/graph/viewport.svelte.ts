// Where the reader looks into a drawn graph: zoom (buttons, Ctrl/⌘ + wheel,
// pinch), pan (drag with a mouse; touch scrolls natively), opening at a
// readable size with the output in sight, and following the value a step
// works on. A runes class; `attach` is a Svelte attachment for the scroller.

import { untrack } from 'svelte';
import { FRAME, fitScale } from './sizes.ts';
import { scrollToReveal, union, type Box } from './reveal.ts';

export { FRAME, MIN_TEXT_PX, READABLE } from './sizes.ts';
const MIN_SCALE = 0.3;
const MAX_SCALE = 3;
const clamp = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

export class Viewport {
  scale = $state(1);
  /**
   * The part of the stage (px) worth drawing: what is scrolled into the frame, widened by a
   * frame on every side and snapped to half frames, so it changes only every half frame of
   * scrolling. Null until the frame is attached. A graph too large to draw whole draws only this.
   */
  area = $state.raw<Box | null>(null);
  private el: HTMLElement | null = null;

  private measure(): void {
    const el = this.el;
    if (!el) return;
    const w = Math.max(1, el.clientWidth);
    const h = Math.max(1, el.clientHeight);
    const snap = (n: number, step: number, round: (x: number) => number) => round(n / step) * step;
    const next = {
      left: snap(el.scrollLeft - w, w / 2, Math.floor),
      top: snap(el.scrollTop - h, h / 2, Math.floor),
      right: snap(el.scrollLeft + 2 * w, w / 2, Math.ceil),
      bottom: snap(el.scrollTop + 2 * h, h / 2, Math.ceil),
    };
    const a = this.area;
    if (!a || a.left !== next.left || a.top !== next.top || a.right !== next.right || a.bottom !== next.bottom) this.area = next;
  }

  private reducedMotion(): boolean {
    return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  zoomTo(next: number, focus?: { x: number; y: number }): void {
    const el = this.el;
    const old = this.scale;
    this.scale = clamp(next);
    if (!el) return;
    const fx = focus?.x ?? el.clientWidth / 2;
    const fy = focus?.y ?? el.clientHeight / 2;
    const gx = (el.scrollLeft + fx) / old;
    const gy = (el.scrollTop + fy) / old;
    requestAnimationFrame(() => {
      el.scrollLeft = gx * this.scale - fx;
      el.scrollTop = gy * this.scale - fy;
    });
  }

  /**
   * Fits a drawing `width` wide into the frame, but never below readable text;
   * what does not fit then scrolls, with `keep` (the output, where backprop
   * starts) brought into sight.
   */
  fit(width: number, keep?: Box): void {
    const el = this.el;
    if (!el || width <= 0) return;
    this.scale = fitScale(el.clientWidth, width);
    if (keep) requestAnimationFrame(() => this.reveal(keep, keep, 'auto'));
  }

  /**
   * The Fit button: the whole drawing in the frame, across and down (the frame's
   * tallest, less the room kept for the corner's controls). On a phone that can
   * mean text under the readable size: the reader asked for the whole, and zooms in from there.
   * A graph too large to be seen whole at any zoom is fitted as it opens instead: readable, `keep` in sight.
   */
  fitWhole(width: number, height: number, keep?: Box): void {
    const el = this.el;
    if (!el || width <= 0 || height <= 0) return;
    const style = getComputedStyle(el);
    const tallest = (parseFloat(style.maxHeight) || el.clientHeight) - parseFloat(style.paddingBottom) - (FRAME - 2);
    const whole = Math.min(1, (el.clientWidth - (FRAME - 2)) / width, tallest / height);
    if (whole < MIN_SCALE) return this.fit(width, keep);
    this.scale = whole;
    requestAnimationFrame(() => el.scrollTo({ left: 0, top: 0 }));
  }

  /** Scrolls so `want` (in drawing units) is in sight, or at least `must` inside it, moving as little as possible. */
  reveal(want: Box, must: Box, behavior?: ScrollBehavior): void {
    const el = this.el;
    if (!el) return;
    const s = this.scale;
    const scaled = (b: Box): Box => ({ left: b.left * s, top: b.top * s, right: b.right * s, bottom: b.bottom * s });
    const view = { left: el.scrollLeft, top: el.scrollTop, width: el.clientWidth, height: el.clientHeight };
    const { left, top } = scrollToReveal(view, scaled(union([want, must]) ?? must), scaled(must));
    if (left !== view.left || top !== view.top) {
      el.scrollTo({ left, top, behavior: behavior ?? (this.reducedMotion() ? 'auto' : 'smooth') });
    }
  }

  /** The attachment: binds the scroller and its wheel, drag and pinch. */
  readonly attach = (el: HTMLElement): (() => void) => {
    this.el = el;
    let drag: { x: number; y: number; left: number; top: number; moved: boolean; pointer: number } | null = null;
    const touches = new Map<number, { x: number; y: number }>();
    let pinch: { distance: number; scale: number } | null = null;
    const distance = () => {
      const [a, b] = [...touches.values()];
      return Math.hypot(a.x - b.x, a.y - b.y);
    };
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return; // a plain wheel scrolls, as everywhere else
      e.preventDefault();
      const box = el.getBoundingClientRect();
      this.zoomTo(this.scale * Math.exp(-e.deltaY / 300), { x: e.clientX - box.left, y: e.clientY - box.top });
    };
    const down = (e: PointerEvent) => {
      if (e.pointerType === 'touch') {
        touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
        if (touches.size === 2) pinch = { distance: distance(), scale: this.scale };
        return;
      }
      if (e.pointerType !== 'mouse' || e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop, moved: false, pointer: e.pointerId };
    };
    const move = (e: PointerEvent) => {
      if (e.pointerType === 'touch') {
        if (!touches.has(e.pointerId)) return;
        touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
        if (pinch && touches.size === 2) {
          const [a, b] = [...touches.values()];
          const box = el.getBoundingClientRect();
          this.zoomTo((pinch.scale * distance()) / Math.max(1, pinch.distance), {
            x: (a.x + b.x) / 2 - box.left,
            y: (a.y + b.y) / 2 - box.top,
          });
        }
        return;
      }
      if (!drag || e.pointerId !== drag.pointer) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      drag.moved = true;
      el.scrollLeft = drag.left - dx;
      el.scrollTop = drag.top - dy;
    };
    const up = (e: PointerEvent) => {
      if (e.pointerType === 'touch') {
        touches.delete(e.pointerId);
        if (touches.size < 2) pinch = null;
        return;
      }
      // A drag that moved is not a click on the button under the pointer.
      if (drag?.moved) {
        const swallow = (ev: Event) => {
          ev.stopPropagation();
          ev.preventDefault();
        };
        el.addEventListener('click', swallow, { capture: true, once: true });
        setTimeout(() => el.removeEventListener('click', swallow, { capture: true }), 0);
      }
      drag = null;
    };
    const measure = () => this.measure();
    const resized = new ResizeObserver(measure);
    resized.observe(el);
    el.addEventListener('scroll', measure, { passive: true });
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    // Untracked: the attachment would otherwise rerun (and detach) each time the area moves.
    untrack(measure);
    return () => {
      resized.disconnect();
      el.removeEventListener('scroll', measure);
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
      if (this.el === el) {
        this.el = null;
        this.area = null;
      }
    };
  };
}
