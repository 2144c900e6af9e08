/* complete.h: what can stand where a word of a command line is being
 * typed, for Tab completion in both command lines. */
#ifndef COMPLETE_H
#define COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

struct lab;

struct completion {
	char	**words;	/* sorted, no duplicates */
	size_t	  n;
	bool	  files;	/* a path fits here and the word starts like one
				   (/, ./, ../, ~/): complete files instead */
};

/* The words that fit at line[start], where word (the text typed so far)
 * begins: the next word's place is found from the command table
 * (cmd_parse_next), what may stand there from the argument's type: verbs,
 * actors, threads, objects and their ends, jobs, signal names (with or
 * without SIG, in the case typed), choices and keywords of the verb; of
 * the lab's names, choices and flags, only those the verb's own check
 * takes there (cmd_check). */
void	complete_line(struct lab *, const char *line, size_t start, const char *word,
	    struct completion *);
void	completion_free(struct completion *);

#endif
