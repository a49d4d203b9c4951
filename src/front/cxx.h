/*
 * C++ call resolution helpers: which function a member call runs, and the
 * identity under which a function's facts are known across translation
 * units.
 *
 * Fact keys: C functions (and C++ functions with C language linkage) are
 * known by their name, as the linker knows them; every other C++
 * function (methods, namespaced functions, overloads) by the clang USR
 * of its canonical declaration ("c:@N@ns@S@Conn@F@close#"): the USR is
 * what the call graph already resolves calls by, it is the same in
 * every TU that declares the entity, it tells overloads and
 * const-qualified methods apart, and unlike a mangled name it does not
 * depend on the target ABI (Itanium vs MSVC) the file is parsed for.
 *
 * Ownership: returned strings are malloc'd, the caller's.  Cursors are
 * values valid as long as their TU.  No state; thread-safe.
 */
#ifndef DV_FRONT_CXX_H
#define DV_FRONT_CXX_H

#include <clang-c/Index.h>

/* The fact key of a function declaration (see above), or NULL (lambdas,
 * unnamed).  Caller frees. */
char *dv_cxx_fact_key(CXCursor decl);

/* Nonzero when a CallExpr is a virtual dispatch: it calls a virtual
 * method through an object expression, not a qualified `B::f()` call. */
int dv_cxx_is_virtual_call(CXCursor call);

/* The class (its definition) of the object a member call runs on when the
 * function makes it certain: a named object of class type, a reference
 * bound to a temporary or to such an object (`const Base &b = Derived();`),
 * a pointer initialised by `new Derived` and never assigned nor having
 * its address taken afterwards, a temporary (`Derived().f()`).  Else a
 * null cursor. */
CXCursor dv_cxx_dynamic_class(CXCursor call);

/* The method that a virtual call of `method` runs on an object whose
 * dynamic type is `cls`: the override in cls or its nearest base that
 * has one (a declaration, maybe defined elsewhere).  Null when none is
 * found (then `method` itself runs). */
CXCursor dv_cxx_final_overrider(CXCursor cls, CXCursor method);

#endif
