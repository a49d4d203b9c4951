void fd_log(int fd);
void fd_done(int fd);
void fd_away(int fd);
void fd_peek(int fd);
void fd_close(int fd);
void fd_somewhere(int fd);
