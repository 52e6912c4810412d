// Dates and times as the page words them, through one Intl.DateTimeFormat per style: a
// `toLocaleString(undefined, options)` call builds a formatter each time (a tenth of a
// millisecond and more), and opening a document words every tracked change's time (the changes
// panel, the revision marks' tooltips): ~60 ms for 200 changes on the mapping document.

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
  let format = formatters.get(style);
  if (!format) formatters.set(style, format = new Intl.DateTimeFormat(undefined, FORMATS[style]));
  return format.format(time);
}
