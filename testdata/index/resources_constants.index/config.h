/* settings of the project, defined in config.c */
extern const int FEATURE_ON;
extern int feature_level;
extern int tuned;
extern int verbose;
int always_ready(void);
int settle(int x);
void tune(int v);
int *verbose_knob(void);
