#ifndef REFORM_CLIBGIT2_SHIM_H
#define REFORM_CLIBGIT2_SHIM_H

#include <git2.h>

/// Fixed-argument wrapper: `git_libgit2_opts` is variadic and does not import into Swift.
static inline int reform_git_set_search_path(int level, const char *path) {
  return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

#endif
