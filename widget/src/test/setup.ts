// Registers the widget's elements once for every component test, and leaves a clean page after each.
import { afterEach, vi } from 'vitest';
import '../index';

afterEach(() => {
  document.body.innerHTML = '';
  sessionStorage.clear();
  localStorage.clear();
  history.replaceState(null, '', location.pathname);
  vi.unstubAllGlobals();
});
