#ifndef REFORM_CLIBGIT2_SHIM_H
#define REFORM_CLIBGIT2_SHIM_H

#include <git2.h>

/// Fixed-argument wrapper: `git_libgit2_opts` is variadic and does not import into Swift.
static inline int reform_git_set_search_path(int level, const char *path) {
  return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

/// Fixed-argument wrapper: turns off libgit2's owner check of the repository directory, which
/// hooks run by another user (a server's receive-pack) would otherwise trip over.
static inline int reform_git_set_owner_validation(int enabled) {
  return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

#endif
