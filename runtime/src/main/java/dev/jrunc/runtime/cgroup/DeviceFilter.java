package dev.jrunc.runtime.cgroup;

import dev.jrunc.runtime.cgroup.DeviceRules.Rule;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Encodes a {@link DeviceState} as a {@code BPF_PROG_TYPE_CGROUP_DEVICE} eBPF program for
 * cgroup v2. The kernel calls it with {@code struct bpf_cgroup_dev_ctx} in r1
 * ({@code u32 access_type} = device type | access << 16, {@code u32 major}, {@code u32 minor})
 * and lets the access through when it returns 1.
 *
 * <p>The program loads type, access, major and minor into r2..r5, then has one block per
 * exception: each test that fails jumps to the next block; a block whose tests all pass
 * returns the exception's verdict. After the last block it returns the default. Wildcard
 * majors/minors and full rwm access skip their test. An allow exception must cover all the
 * access asked for; a deny exception refuses a request that asks for any of its access (the
 * v1 controller's rule in allow-all mode). Comparisons are 32-bit (JMP32), so
 * device numbers above 2^31 compare as the unsigned values the kernel passes.
 */
public final class DeviceFilter {
    private DeviceFilter() {}

    /** The license string handed to BPF_PROG_LOAD (the program uses no GPL-only helpers). */
    public static final String LICENSE = "Apache";

    // eBPF opcodes (linux/bpf.h, bpf_common.h)
    static final int LDX_MEM_W = 0x61; // BPF_LDX | BPF_MEM | BPF_W
    static final int ALU32_AND_K = 0x54; // BPF_ALU | BPF_AND | BPF_K
    static final int ALU32_RSH_K = 0x74; // BPF_ALU | BPF_RSH | BPF_K
    static final int ALU32_MOV_K = 0xb4; // BPF_ALU | BPF_MOV | BPF_K
    static final int ALU32_MOV_X = 0xbc; // BPF_ALU | BPF_MOV | BPF_X
    static final int JMP32_JNE_K = 0x56; // BPF_JMP32 | BPF_JNE | BPF_K
    static final int JMP32_JNE_X = 0x5e; // BPF_JMP32 | BPF_JNE | BPF_X
    static final int JMP32_JEQ_K = 0x16; // BPF_JMP32 | BPF_JEQ | BPF_K
    static final int EXIT = 0x95; // BPF_JMP | BPF_EXIT

    // bpf_cgroup_dev_ctx: device types
    static final int DEVCG_DEV_BLOCK = 1, DEVCG_DEV_CHAR = 2;

    static final int R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5;

    /** The program's instructions, 8 bytes each, little-endian (x86-64). */
    public static byte[] program(DeviceState state) {
        Asm a = new Asm();
        a.insn(LDX_MEM_W, R2, R1, 0, 0); // r2 = ctx->access_type
        a.insn(ALU32_AND_K, R2, 0, 0, 0xFFFF); // r2 &= 0xffff: the type
        a.insn(LDX_MEM_W, R3, R1, 0, 0); // r3 = ctx->access_type
        a.insn(ALU32_RSH_K, R3, 0, 0, 16); // r3 >>= 16: the access
        a.insn(LDX_MEM_W, R4, R1, 4, 0); // r4 = ctx->major
        a.insn(LDX_MEM_W, R5, R1, 8, 0); // r5 = ctx->minor
        List<Rule> rules = state.exceptions();
        for (Rule r : rules) {
            boolean testAccess = r.access() != DeviceRules.RWM;
            boolean testMajor = r.major() != DeviceRules.ANY;
            boolean testMinor = r.minor() != DeviceRules.ANY;
            int tests = 1 + (testAccess ? 3 : 0) + (testMajor ? 1 : 0) + (testMinor ? 1 : 0);
            int size = tests + 2; // + mov r0, exit
            int at = 0; // instructions of this block written so far
            int type = r.type() == 'b' ? DEVCG_DEV_BLOCK : DEVCG_DEV_CHAR;
            // a jump's offset counts from the instruction after it; the target is the block's end
            a.insn(JMP32_JNE_K, R2, 0, size - (++at), type);
            if (testAccess) {
                a.insn(ALU32_MOV_X, R1, R3, 0, 0);
                ++at;
                a.insn(ALU32_AND_K, R1, 0, 0, r.access());
                ++at;
                if (r.allow()) {
                    // an allow exception grants a request it covers whole: (r3 & access) == r3
                    a.insn(JMP32_JNE_X, R1, R3, size - (++at), 0);
                } else {
                    // a deny exception refuses a request it touches at all: (r3 & access) != 0
                    a.insn(JMP32_JEQ_K, R1, 0, size - (++at), 0);
                }
            }
            if (testMajor) a.insn(JMP32_JNE_K, R4, 0, size - (++at), (int) r.major());
            if (testMinor) a.insn(JMP32_JNE_K, R5, 0, size - (++at), (int) r.minor());
            a.insn(ALU32_MOV_K, R0, 0, 0, r.allow() ? 1 : 0);
            a.insn(EXIT, 0, 0, 0, 0);
        }
        a.insn(ALU32_MOV_K, R0, 0, 0, state.defaultAllow() ? 1 : 0);
        a.insn(EXIT, 0, 0, 0, 0);
        return a.bytes();
    }

    /** The program for a rule list (see {@link DeviceState#of}). */
    public static byte[] program(List<Rule> rules) throws CgroupException {
        return program(DeviceState.of(rules));
    }

    /** Instruction writer: {@code struct bpf_insn} = code, dst:4|src:4, s16 off, s32 imm. */
    private static final class Asm {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        void insn(int code, int dst, int src, int off, int imm) {
            out.write(code);
            out.write((src << 4) | dst);
            out.write(off & 0xFF);
            out.write((off >> 8) & 0xFF);
            out.write(imm & 0xFF);
            out.write((imm >> 8) & 0xFF);
            out.write((imm >> 16) & 0xFF);
            out.write((imm >> 24) & 0xFF);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
