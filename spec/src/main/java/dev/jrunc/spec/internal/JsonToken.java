package dev.jrunc.spec.internal;

/** Internal: the tokens {@link JsonLexer} returns (named as Jackson's, whose streaming API it replaced). */
public enum JsonToken {
    START_OBJECT,
    END_OBJECT,
    START_ARRAY,
    END_ARRAY,
    FIELD_NAME,
    VALUE_STRING,
    VALUE_NUMBER_INT,
    VALUE_NUMBER_FLOAT,
    VALUE_TRUE,
    VALUE_FALSE,
    VALUE_NULL
}
