/**
 * JSON the way a gateway that must not alter what it forwards needs it: a strict reader for bodies that
 * strangers send ({@link io.ctvgateway.json.StrictJson}: valid UTF-8 only, no duplicate keys, no lone
 * surrogates, no non-finite numbers, a bounded depth, numbers kept as written) and the writer of the exact bytes
 * sent upstream ({@link io.ctvgateway.json.JsonWriter}).
 */
package io.ctvgateway.json;
