/*
 * Aggregate header for jrunc's jextract bindings (package dev.jrunc.linux.generated).
 * Only what jextract-includes.txt selects ends up in the generated code.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <unistd.h>
#include <termios.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <sys/syscall.h>

#include <linux/sched.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <linux/filter.h>
#include <linux/nsfs.h>
#include <linux/close_range.h>
#include <asm/prctl.h>
