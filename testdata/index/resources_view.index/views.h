void view_show(void *vp);
void view_drop(void *vp);
void view_keep(void *vp);
void view_reset(void *vp);
