/* lesson.h: the lessons installed with the program: scripts written for
 * students (chapters, narration, checks), one a topic, found by name. */
#ifndef LESSON_H
#define LESSON_H

#include <stdbool.h>
#include <stdio.h>

/* Where the lessons are: $IPCSCOPE_LESSONS, else where they were
 * installed. */
const char	*lesson_dir(void);
/* The file of lesson name, or NULL with *cause (which names those
 * there are); the caller frees either. */
char		*lesson_path(const char *name, char **cause);
/* Print the lessons, one a line: name, title, chapters; false with a
 * message on stderr if there are none to be found. */
bool		 lesson_list(FILE *);

#endif
