/*
 * jrunc launch trampoline, x86-64 Linux.  GNU as, AT&T syntax.
 *
 * Assemble:  as --64 -o t.o trampoline-x86_64.S && objcopy -O binary -j .text t.o t.bin
 * (assemble.sh does this and prints the bytes as a Java array literal; the copy in
 * dev.jrunc.linux.trampoline.Trampoline.CODE must be byte-identical, TrampolineCodeTest checks).
 * The code is position independent (relative jumps only, no data, no relocations).
 *
 * WHY: a JVM is multithreaded, Java code must never run in a forked copy of it.  The JVM
 * compiles what the new process must do into a LAUNCH PLAN (a flat array of raw syscalls),
 * and this code, called through one FFM downcall, does clone3 and, in the child only,
 * runs the plan entry by entry.  The child never returns into Java.
 *
 * C view (downcall shape (long,long,long,long,long,long,long)long, same as syscall(2)):
 *
 *   long jrunc_trampoline(struct clone_args *ca,   rdi
 *                         size_t ca_size,          rsi
 *                         struct entry *plan,      rdx   entry 0; a 64-byte header precedes it
 *                         long count,              rcx   number of entries
 *                         long errfd,              r8    fd that receives failure/report records
 *                         long fail_code,          r9    exit_group code after a failure
 *                         long unused);            stack (pass 0)
 *   parent: returns the child pid, or -errno when clone3 failed.
 *   child : never returns.
 *
 * PLAN ENTRY, 64 bytes, little endian (entry k is at plan + 64*k):
 *   +0   u32  nr           syscall number
 *   +4   u16  ignore       one errno (positive) that counts as success, 0 = none
 *   +6   u8   refmask      bit i set: args[i] is an entry index k (k < this entry) and
 *                          is replaced by the saved result of entry k
 *   +7   u8   reserved     0
 *   +8   i64  args[6]      syscall arguments
 *   +56  i64  result       written by the child: raw result of this entry
 *
 * PLAN HEADER, 64 bytes at plan - 64 (scratch owned by the child):
 *   -64  i64  resolved[6]  arguments after reference substitution
 *   -16  i32  rec.index    failure record: entry index ...
 *   -12  i32  rec.errno    ... and positive errno
 *   -8   i64  reserved
 *
 * Semantics: for k = 0 .. count-1: result = syscall(nr, resolved args); save it;
 * if -4095 <= result <= -1 and -result != ignore: write(errfd, &rec, 8) with
 * rec = {k, -result}, then exit_group(fail_code).  After the last entry: exit_group(0).
 * A plan normally ends in execve, so the end is only reached by plans without one.
 * Reports ("READY") are ordinary entries: write(errfd, record, 8) with record = {~k, code}.
 *
 * STACK: the child never touches the stack (no push/pop/call), so it also runs in
 * CLONE_VM|CLONE_VFORK mode on the parent's stack (or on one given in clone_args), and
 * after the plan has unmapped all memory except this page and the plan region.
 *
 * Registers in the child: r12 plan, r13 count, r14 errfd, r15 fail_code, rbx index k,
 * rbp entry pointer.  The parent path touches only caller-saved registers; syscall
 * clobbers rax, rcx, r11, hence count is moved from rcx to r10 before clone3 (the child
 * starts with the parent's registers as they were at the syscall instruction).
 */
        .text
        .globl  jrunc_trampoline
        .type   jrunc_trampoline, @function
jrunc_trampoline:
        mov     %rcx, %r10              /* count survives the syscall in r10 */
        mov     $435, %eax              /* SYS_clone3(rdi = ca, rsi = ca_size) */
        syscall
        test    %rax, %rax
        jz      .Lchild
        ret                             /* parent: pid > 0 or -errno */

.Lchild:
        mov     %rdx, %r12              /* plan */
        mov     %r10, %r13              /* count */
        mov     %r8, %r14               /* errfd */
        mov     %r9, %r15               /* fail_code */
        xor     %ebx, %ebx              /* k = 0 */

.Lnext:
        cmp     %r13, %rbx
        jae     .Ldone                  /* all entries ran: exit_group(0) */
        mov     %rbx, %rbp
        shl     $6, %rbp
        add     %r12, %rbp              /* rbp = &plan[k] */
        movzbl  6(%rbp), %edx           /* refmask */
        xor     %ecx, %ecx              /* i = 0 */
.Lresolve:
        mov     8(%rbp,%rcx,8), %rax    /* args[i] */
        bt      %ecx, %edx
        jnc     .Lliteral
        shl     $6, %rax                /* args[i] is an entry index j ... */
        mov     56(%r12,%rax), %rax     /* ... use plan[j].result */
.Lliteral:
        mov     %rax, -64(%r12,%rcx,8)  /* resolved[i] */
        inc     %ecx
        cmp     $6, %ecx
        jb      .Lresolve

        mov     -64(%r12), %rdi
        mov     -56(%r12), %rsi
        mov     -48(%r12), %rdx
        mov     -40(%r12), %r10
        mov     -32(%r12), %r8
        mov     -24(%r12), %r9
        mov     (%rbp), %eax            /* nr, zero-extended into rax */
        syscall
        mov     %rax, 56(%rbp)          /* plan[k].result */
        cmp     $-4095, %rax
        jae     .Lerror                 /* unsigned: rax in [-4095, -1] */
.Lok:
        inc     %rbx
        jmp     .Lnext

.Lerror:
        neg     %eax                    /* errno */
        movzwl  4(%rbp), %ecx
        cmp     %ecx, %eax
        je      .Lok                    /* the ignorable errno */
        mov     %ebx, -16(%r12)         /* rec.index = k */
        mov     %eax, -12(%r12)         /* rec.errno */
        mov     $1, %eax                /* SYS_write(errfd, &rec, 8) */
        mov     %r14, %rdi
        lea     -16(%r12), %rsi
        mov     $8, %edx
        syscall
        mov     %r15, %rdi              /* exit code: fail_code */
        jmp     .Lexit
.Ldone:
        xor     %edi, %edi              /* exit code 0 */
.Lexit:
        mov     $231, %eax              /* SYS_exit_group */
        syscall
        ud2                             /* not reached */
        .size   jrunc_trampoline, .-jrunc_trampoline
        .section .note.GNU-stack,"",@progbits
