/*
 * Names the C library and POSIX declare, and the standard header that
 * declares each.  A project header absent from the tree (front/infer.h)
 * usually includes these for its users: `bool`, `NULL`, `uint32_t`,
 * `struct sockaddr_in` become undeclared with it.  Including the real
 * standard header in the prelude gives them their real declarations
 * rather than a guess.
 */
#ifndef DV_FRONT_STD_NAMES_H
#define DV_FRONT_STD_NAMES_H

/* The header (`stdbool.h`) that declares `name` (an identifier, or
 * `struct tag`), or NULL when it is not a standard name. */
const char *dv_std_header_for(const char *name);

#endif
