/**
 * OCI runtime-spec model for jrunc: records for config.json, state and features documents.
 * Owns fast streaming parsing (Jackson core only), the JSON Schema used to explain rejections,
 * and semantic validation; no native code and no knowledge of how containers are run.
 */
package dev.jrunc.spec;
