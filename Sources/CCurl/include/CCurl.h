// The C side of ArborModels' HTTP engine. Swift cannot call C variadic functions, so every
// curl_easy_setopt / curl_multi_setopt / curl_easy_getinfo use goes through a typed wrapper here, with an
// `arbor_curl_` prefix. CURLMsg's union is read through accessors for the same reason.
#ifndef ARBOR_CCURL_H
#define ARBOR_CCURL_H

#include <curl/curl.h>
#include <stddef.h>

/// A body or header callback: the bytes, their count, and the pointer given at setup. Returns the count taken.
typedef size_t (*arbor_curl_data_callback)(char *data, size_t size, size_t count, void *context);

CURLcode arbor_curl_set_long(CURL *easy, CURLoption option, long value);
CURLcode arbor_curl_set_string(CURL *easy, CURLoption option, const char *value);
CURLcode arbor_curl_set_pointer(CURL *easy, CURLoption option, void *value);
CURLcode arbor_curl_set_headers(CURL *easy, struct curl_slist *headers);
CURLcode arbor_curl_set_post_body(CURL *easy, const char *bytes, long length);
/// Sets the body and header callbacks, both handed `context`.
CURLcode arbor_curl_set_callbacks(CURL *easy, arbor_curl_data_callback body, arbor_curl_data_callback header,
                                  void *context);
long arbor_curl_response_code(CURL *easy);
/// Whether the handle got as far as a connection (CURLINFO_CONNECT_TIME_T above zero): tells a connect timeout
/// from a stall.
int arbor_curl_connected(CURL *easy);
/// The `CURLOPT_PRIVATE` pointer set on the handle, or NULL.
void *arbor_curl_private(CURL *easy);

/// Whether a multi message says a transfer is done.
int arbor_curl_msg_is_done(const CURLMsg *message);
CURLcode arbor_curl_msg_result(const CURLMsg *message);
CURL *arbor_curl_msg_handle(const CURLMsg *message);

#endif
