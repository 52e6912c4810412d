// The shared looks of the ITU styles (shared/export/looks.ts: weight, size, alignment, indents) as
// the editor's style sheet, so the editor draws each block as the .docx export does.
import { EDITOR_SELECTORS, looksCss } from '../../shared/export/looks';

const ID = 'itu-looks';

/** Adds the looks' style sheet to the page once. */
export function installLooks(): void {
  if (document.getElementById(ID)) return;
  const style = document.createElement('style');
  style.id = ID;
  style.textContent = looksCss((s) => `.itu-document ${EDITOR_SELECTORS[s]}`);
  document.head.append(style);
}
