// A bound on how long the server waits for another service's answer (the store's ping, a Redis
// command in a room's chain): a service that hangs, rather than failing, must not hold what
// waits behind it.

/** What `promise` gives, or a rejection "no answer in MS ms" if it has not settled by then. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}
