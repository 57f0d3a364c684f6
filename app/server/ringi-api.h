/* ringi-api.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A JSON request is small; documents travel as blobs, with their own limit. */
#define RINGI_API_MAX_JSON_BODY (1024 * 1024)

/**
 * RingiApiError:
 * @RINGI_API_ERROR_MALFORMED_JSON: 400 `malformed-json`: the body is not JSON
 * @RINGI_API_ERROR_INVALID_REQUEST: 400 `invalid-request`: JSON, but not
 *   what the endpoint takes
 * @RINGI_API_ERROR_HASH_MISMATCH: 400 `hash-mismatch`: a blob's bytes do
 *   not have the sha256 of its path
 * @RINGI_API_ERROR_UNAUTHENTICATED: 401 `unauthenticated`
 * @RINGI_API_ERROR_FORBIDDEN: 403 `forbidden`
 * @RINGI_API_ERROR_INVALID_CODE: 403 `invalid-code`: wrong enrollment code
 * @RINGI_API_ERROR_NOT_FOUND: 404 `not-found`, also for what the caller
 *   may not see
 * @RINGI_API_ERROR_METHOD_NOT_ALLOWED: 405 `method-not-allowed`
 * @RINGI_API_ERROR_CONFLICT: 409 `conflict`
 * @RINGI_API_ERROR_CODE_EXPIRED: 410 `code-expired`
 * @RINGI_API_ERROR_TOO_LARGE: 413 `too-large`
 * @RINGI_API_ERROR_RATE_LIMITED: 429 `rate-limited`
 * @RINGI_API_ERROR_INTERNAL: 500 `internal`: the details are in the
 *   server's log, never in the answer
 *
 * The errors clients see: each has an HTTP status and a stable code
 * (docs/api.md); the message is for people.
 */
typedef enum
{
  RINGI_API_ERROR_MALFORMED_JSON,
  RINGI_API_ERROR_INVALID_REQUEST,
  RINGI_API_ERROR_HASH_MISMATCH,
  RINGI_API_ERROR_UNAUTHENTICATED,
  RINGI_API_ERROR_FORBIDDEN,
  RINGI_API_ERROR_INVALID_CODE,
  RINGI_API_ERROR_NOT_FOUND,
  RINGI_API_ERROR_METHOD_NOT_ALLOWED,
  RINGI_API_ERROR_CONFLICT,
  RINGI_API_ERROR_CODE_EXPIRED,
  RINGI_API_ERROR_TOO_LARGE,
  RINGI_API_ERROR_RATE_LIMITED,
  RINGI_API_ERROR_INTERNAL,
} RingiApiError;

#define RINGI_API_ERROR (ringi_api_error_quark ())
GQuark ringi_api_error_quark (void);

const char *ringi_api_error_get_code (RingiApiError error);
guint ringi_api_error_get_status (RingiApiError error);

void ringi_api_respond_json (SoupServerMessage *msg,
                             guint status,
                             JsonNode *body);
void ringi_api_respond_error (SoupServerMessage *msg,
                              const GError *error);
JsonObject *ringi_api_read_object (SoupServerMessage *msg,
                                   GError **error);
const char *ringi_api_get_string (JsonObject *object,
                                  const char *member,
                                  GError **error);
void ringi_api_set_login (SoupServerMessage *msg,
                          const char *login);
const char *ringi_api_get_login (SoupServerMessage *msg);
char *ringi_api_format_time (gint64 unix_time);

G_END_DECLS
