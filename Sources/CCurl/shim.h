#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
/* libcurl (libcurl4-openssl-dev). Its variadic curl_easy_setopt/getinfo are not callable from Swift:
   use the CurlShim target's typed wrappers. */
#include <curl/curl.h>
#endif
