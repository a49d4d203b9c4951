/* Helpers defined in other files of the project. */
void run_report(const char *tool, char *target);
void show(char *text);
char *read_line(char *buf, int n);
void read_into(char *buf, int n);
void run_quoted(char *target);
void count_chars(char *text);
