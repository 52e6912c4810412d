// Dates and times as the page words them, through one Intl.DateTimeFormat per style: a
// `toLocaleString(undefined, options)` call builds a formatter each time (a tenth of a
// millisecond and more), and opening a document words every tracked change's time (the changes
// panel, the revision marks' tooltips): ~60 ms for 200 changes on the mapping document.
// The first formatter of a page costs far more (~18 ms in Chromium on a slow machine: the
// locale's ICU data); in a document without tracked changes that was the first key of track
// mode (the new insertion's tooltip), so the editor builds them when idle (`prepareDateFormats`).

const FORMATS = {
  /** What `Date.prototype.toLocaleString()` gives without options. */
  default: { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' },
  medium: { dateStyle: 'medium', timeStyle: 'short' },
  long: { dateStyle: 'long', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof FORMATS;

const formatters = new Map<DateStyle, Intl.DateTimeFormat>();

/** `time` (ms since the epoch, or a Date) in the user's locale, as `toLocaleString(undefined, options of style)` words it. */
export function localeDateTime(time: number | Date, style: DateStyle = 'default'): string {
  return formatter(style).format(time);
}

function formatter(style: DateStyle): Intl.DateTimeFormat {
  let format = formatters.get(style);
  if (!format) formatters.set(style, format = new Intl.DateTimeFormat(undefined, FORMATS[style]));
  return format;
}

/** Builds every style's formatter (and words one time with each) when the browser is next idle, not in a keystroke. */
export function prepareDateFormats(): void {
  const run = () => {
    for (const style of Object.keys(FORMATS) as DateStyle[]) formatter(style).format(0);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
