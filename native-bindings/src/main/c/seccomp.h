/*
 * Header for jrunc's libseccomp bindings (package dev.jrunc.linux.generated.seccomp).
 * Only what jextract-seccomp-includes.txt selects ends up in the generated code.
 * The library is looked up lazily, by soname, only when a seccomp profile is compiled.
 */
#include <seccomp.h>
