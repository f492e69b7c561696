#ifndef CURLSHIM_H
#define CURLSHIM_H
/* Non-variadic wrappers over curl_easy_setopt / curl_easy_getinfo, which Swift cannot call (C varargs).
   Each forwards one call with the argument type libcurl documents for the option. */
#include <curl/curl.h>

typedef size_t (*curlshim_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*curlshim_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                    curl_off_t ultotal, curl_off_t ulnow);

CURLcode curlshim_setopt_long(CURL *h, CURLoption opt, long v);
CURLcode curlshim_setopt_off(CURL *h, CURLoption opt, curl_off_t v);
/* Strings are copied by libcurl (since 7.17), so a Swift string's pointer need only live for the call. */
CURLcode curlshim_setopt_string(CURL *h, CURLoption opt, const char *v);
CURLcode curlshim_setopt_ptr(CURL *h, CURLoption opt, void *v);
CURLcode curlshim_setopt_slist(CURL *h, CURLoption opt, struct curl_slist *v);
/* CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION / CURLOPT_XFERINFOFUNCTION */
CURLcode curlshim_setopt_write_cb(CURL *h, curlshim_data_cb cb);
CURLcode curlshim_setopt_header_cb(CURL *h, curlshim_data_cb cb);
CURLcode curlshim_setopt_xferinfo_cb(CURL *h, curlshim_xferinfo_cb cb);

CURLcode curlshim_getinfo_long(CURL *h, CURLINFO info, long *out);
CURLcode curlshim_getinfo_off(CURL *h, CURLINFO info, curl_off_t *out);
CURLcode curlshim_getinfo_double(CURL *h, CURLINFO info, double *out);
CURLcode curlshim_getinfo_string(CURL *h, CURLINFO info, const char **out);

/* Macros Swift cannot import (casts and shifts): CURL_ERROR_SIZE, CURLAUTH_BASIC, CURLAUTH_BEARER. */
size_t curlshim_error_size(void);
long curlshim_auth_basic(void);
long curlshim_auth_bearer(void);

#endif
