// An error with an HTTP status: the app's error handler answers it as {error: message}.
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
