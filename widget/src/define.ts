// Registers a custom element once: the module may be loaded twice on a page (two embeds, two
// versions), and a second `define` of the same name would throw.
export function define(name: string, constructor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, constructor);
}
