#!/usr/bin/env python3
"""Generate a large C file of many small functions for memory benchmarks.

Usage: gen-large.py N_FUNCTIONS [--compact] > out.c
120000 functions give ~10 MB; 1200000 --compact functions (shorter bodies,
~45 bytes each) give ~50 MB.  Functions cycle through
a few shapes (arithmetic, a branch, a call to the previous function, a loop
over a buffer, malloc/free) so the call graph, CFGs and checkers all see work.
"""
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 120000
    compact = "--compact" in sys.argv[2:]
    out = sys.stdout
    out.write("#include <stdlib.h>\n#include <string.h>\n\n")
    out.write("int f0(int a) { return a; }\n" if compact
              else "int f0(int a, int b) { return a + b; }\n")
    for i in range(1, n):
        k = i % 4
        if compact:
            if k == 0:
                out.write(f"int f{i}(int a){{return a>{i%97}?f{i-1}(a):a;}}\n")
            elif k == 1:
                out.write(f"int f{i}(int a){{int s=0;while(a--)s+=a;return s;}}\n")
            elif k == 2:
                out.write(f"int f{i}(int a){{char*p=malloc(4);free(p);return a;}}\n")
            else:
                out.write(f"int f{i}(int a){{return f{i-1}(a)-{i%13};}}\n")
            continue
        if k == 0:
            out.write(f"int f{i}(int a, int b) {{ int x = a + b; "
                      f"if (x > {i % 97}) return f{i-1}(x, a); return x * 2; }}\n")
        elif k == 1:
            out.write(f"int f{i}(int a, int b) {{ int s = 0; "
                      f"for (int j = 0; j < a; j++) s += j ^ b; return s; }}\n")
        elif k == 2:
            out.write(f"int f{i}(int a, int b) {{ char *p = malloc(16); "
                      f"if (!p) return -1; p[0] = (char)a; int r = p[0] + b; free(p); return r; }}\n")
        else:
            out.write(f"int f{i}(int a, int b) {{ return f{i-1}(b, a) - {i % 13}; }}\n")


if __name__ == "__main__":
    main()
