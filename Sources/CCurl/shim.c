#include "CCurl.h"

CURLcode arbor_curl_set_long(CURL *easy, CURLoption option, long value) {
    return curl_easy_setopt(easy, option, value);
}

CURLcode arbor_curl_set_string(CURL *easy, CURLoption option, const char *value) {
    return curl_easy_setopt(easy, option, value);
}

CURLcode arbor_curl_set_pointer(CURL *easy, CURLoption option, void *value) {
    return curl_easy_setopt(easy, option, value);
}

CURLcode arbor_curl_set_headers(CURL *easy, struct curl_slist *headers) {
    return curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
}

CURLcode arbor_curl_set_post_body(CURL *easy, const char *bytes, long length) {
    CURLcode code = curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, length);
    if (code != CURLE_OK) return code;
    // COPYPOSTFIELDS: libcurl keeps its own copy, so the Swift buffer need not outlive this call.
    return curl_easy_setopt(easy, CURLOPT_COPYPOSTFIELDS, bytes);
}

CURLcode arbor_curl_set_callbacks(CURL *easy, arbor_curl_data_callback body, arbor_curl_data_callback header,
                                  void *context) {
    CURLcode code = curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, body);
    if (code == CURLE_OK) code = curl_easy_setopt(easy, CURLOPT_WRITEDATA, context);
    if (code == CURLE_OK) code = curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, header);
    if (code == CURLE_OK) code = curl_easy_setopt(easy, CURLOPT_HEADERDATA, context);
    if (code == CURLE_OK) code = curl_easy_setopt(easy, CURLOPT_PRIVATE, context);
    return code;
}

long arbor_curl_response_code(CURL *easy) {
    long code = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

int arbor_curl_connected(CURL *easy) {
    curl_off_t micros = 0;
    curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &micros);
    return micros > 0;
}

void *arbor_curl_private(CURL *easy) {
    char *pointer = NULL;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &pointer);
    return pointer;
}

int arbor_curl_msg_is_done(const CURLMsg *message) { return message->msg == CURLMSG_DONE; }

CURLcode arbor_curl_msg_result(const CURLMsg *message) { return message->data.result; }

CURL *arbor_curl_msg_handle(const CURLMsg *message) { return message->easy_handle; }
