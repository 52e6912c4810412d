// Request body limits shared by the app and the routes.

/** Largest JSON body of every route but POST /api/documents: sign-in, names, roles, proposals. */
export const SMALL_JSON_LIMIT = 64 * 1024;
