#ifndef REFORM_CLIBGIT2_SHIM_H
#define REFORM_CLIBGIT2_SHIM_H

#include <git2.h>
#include <malloc.h>
#include <string.h>
#include <strings.h>

/// Fixed-argument wrapper: `git_libgit2_opts` is variadic and does not import into Swift.
static inline int reform_git_set_search_path(int level, const char *path) {
  return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

/// Fixed-argument wrapper: the largest object of `type` libgit2 keeps in its object cache.
static inline int reform_git_set_cache_object_limit(git_object_t type, size_t size) {
  return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, size);
}

/// Fixed-argument wrapper: the most memory libgit2's object cache may hold.
static inline int reform_git_set_cache_max_size(ssize_t size) {
  return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, size);
}

/// Fixed-argument wrapper: the size of the windows libgit2 maps of a pack file, and the most
/// it keeps mapped at once (least recently used windows are unmapped beyond it).
static inline int reform_git_set_pack_windows(size_t window_size, size_t mapped_limit) {
  int rc = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window_size);
  return rc < 0 ? rc : git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, mapped_limit);
}

/// Fixed-argument wrapper: whether libgit2 keeps the objects it reads in its object cache.
static inline int reform_git_enable_caching(int enabled) {
  return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}

/// Fixed-argument wrapper: whether libgit2 hashes every object it reads again to check it.
static inline int reform_git_set_strict_hash_verification(int enabled) {
  return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/// Keeps freed blocks up to 64 MiB in the heap for reuse (glibc's `M_MMAP_THRESHOLD`), instead
/// of mapping fresh zeroed pages for each: object reads allocate a buffer per object, and the
/// `plans` tree of a large repository (hundreds of kilobytes) is read over and over.
static inline void reform_keep_large_blocks_in_heap(void) {
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
}

/// Gives the free pages of every heap arena back to the system (`malloc_trim`).
static inline void reform_release_free_heap(void) {
  malloc_trim(0);
}

/// Walks the entries of two trees side by side in git's order and writes, as pairs of indexes
/// `(old, new)` into `pairs`, the entries that differ (-1 for a side where the entry is absent).
/// Unchanged entries cost a comparison in C and nothing else, which keeps a commit that changes
/// one plan among thousands cheap to diff. Either tree may be NULL (empty).
/// Returns the number of pairs, or -1 when there are more than `capacity`.
static inline int reform_tree_changed_entries(
    const git_tree *old_tree, const git_tree *new_tree, int *pairs, int capacity) {
  size_t old_count = old_tree ? git_tree_entrycount(old_tree) : 0;
  size_t new_count = new_tree ? git_tree_entrycount(new_tree) : 0;
  size_t o = 0, n = 0;
  int found = 0;
  while (o < old_count || n < new_count) {
    const git_tree_entry *old_entry = o < old_count ? git_tree_entry_byindex(old_tree, o) : NULL;
    const git_tree_entry *new_entry = n < new_count ? git_tree_entry_byindex(new_tree, n) : NULL;
    int order = !old_entry ? 1 : !new_entry ? -1 : git_tree_entry_cmp(old_entry, new_entry);
    int old_index = -1, new_index = -1;
    if (order == 0) {
      int same = git_oid_equal(git_tree_entry_id(old_entry), git_tree_entry_id(new_entry))
          && git_tree_entry_filemode_raw(old_entry) == git_tree_entry_filemode_raw(new_entry);
      old_index = (int)o++;
      new_index = (int)n++;
      if (same) continue;
    } else if (order < 0) {
      old_index = (int)o++;
    } else {
      new_index = (int)n++;
    }
    if (found >= capacity) return -1;
    pairs[2 * found] = old_index;
    pairs[2 * found + 1] = new_index;
    found++;
  }
  return found;
}

/// What makes a tree, as libgit2 parsed it from `stored_size` bytes, differ from the form git
/// writes (the errors `git fsck` reports): 0 none; 1 entries out of git's order or a name twice
/// (`treeNotSorted`, `duplicateEntries`); 2 a mode git does not write (`badFilemode`; the
/// 100664 of early git is fsck's and ours); 3 a name
/// git refuses: `.`, `..`, `.git` in any case, or one holding a slash (`hasDot`, `hasDotdot`,
/// `hasDotgit`, `fullPathname`); 4 a mode spelt with leading zeros (`zeroPaddedFilemode`), seen
/// as entries taking fewer bytes than stored.
static inline int reform_tree_malformation(const git_tree *tree, size_t stored_size) {
  size_t count = git_tree_entrycount(tree), canonical_size = 0;
  for (size_t i = 0; i < count; i++) {
    const git_tree_entry *entry = git_tree_entry_byindex(tree, i);
    const char *name = git_tree_entry_name(entry);
    size_t length = strlen(name);
    if (i > 0 && git_tree_entry_cmp(git_tree_entry_byindex(tree, i - 1), entry) >= 0) return 1;
    if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
      // A file of the same name sorts before the folder, past names that continue with a
      // byte below '/' ("a-b" and "a.b" lie between file "a" and folder "a/").
      for (size_t j = i; j > 0; j--) {
        const char *before = git_tree_entry_name(git_tree_entry_byindex(tree, j - 1));
        if (strncmp(before, name, length) != 0 || (before[length] != '\0' && (unsigned char)before[length] >= '/')) break;
        if (before[length] == '\0') return 1;
      }
    }
    unsigned mode = git_tree_entry_filemode_raw(entry);
    if (mode != 040000 && mode != 0100644 && mode != 0100664 && mode != 0100755 && mode != 0120000 && mode != 0160000) return 2;
    if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..") || !strcasecmp(name, ".git")) return 3;
    canonical_size += (mode == 040000 ? 5 : 6) + 1 + length + 1 + GIT_OID_RAWSZ;
  }
  return canonical_size == stored_size ? 0 : 4;
}

#endif
