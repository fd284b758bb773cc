// The editor of one cell, on its way or there: CodeMirror is fetched on the
// reader's first click, Enter or key in the code, never with the page. Keys
// typed while it loads are kept and replayed into it; a failed load (offline
// with nothing cached) is reported and tried again on the next touch. No DOM
// here, so both are unit-tested (tests/unit/widgets/cells/editor-slot.test.ts).

export interface SlotEditor {
  /** Applies keys typed while the editor was loading: characters, Backspace, Delete, Enter. */
  typeKeys(keys: readonly string[]): void;
}

export interface SlotHooks<E> {
  /** The editor arrived (once). */
  ready(editor: E): void;
  /** A load failed; the next open() tries again. */
  failed(error: unknown): void;
}

export class EditorSlot<E extends SlotEditor> {
  editor: E | null = null;
  private loading: Promise<E> | null = null;
  private readonly typed: string[] = [];
  private readonly load: () => Promise<E>;
  private readonly hooks: SlotHooks<E>;

  constructor(load: () => Promise<E>, hooks: SlotHooks<E>) {
    this.load = load;
    this.hooks = hooks;
  }

  /** Keys are waiting for the editor: the reader is typing, so Enter is a newline, not "open". */
  get typing(): boolean {
    return this.typed.length > 0;
  }

  /** Keeps a key typed before the editor arrived, for it to replay. */
  keep(key: string): void {
    this.typed.push(key);
  }

  /** The editor, loading it if need be; every caller shares one load. */
  open(): Promise<E> {
    if (this.editor) return Promise.resolve(this.editor);
    this.loading ??= this.load().then(
      (editor) => {
        this.editor = editor;
        if (this.typed.length > 0) editor.typeKeys(this.typed.splice(0));
        this.hooks.ready(editor);
        return editor;
      },
      (error: unknown) => {
        // Keep what was typed; the next touch tries again.
        this.loading = null;
        this.hooks.failed(error);
        throw error;
      },
    );
    return this.loading;
  }
}
