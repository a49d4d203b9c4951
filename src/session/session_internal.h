/* What other files of session/ need of a session (session.c owns both). */
#ifndef DV_SESSION_INTERNAL_H
#define DV_SESSION_INTERNAL_H

#include "diffvet/session.h"

struct dv_front;
struct dv_overlay;

struct dv_front *dv_session_front(struct dv_session *s);
const struct dv_overlay *dv_session_overlay(const struct dv_session *s);

#endif
