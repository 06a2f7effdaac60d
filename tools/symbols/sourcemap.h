/* Source maps (version 3) for Wasm modules: module byte offset ->
 * FILE:LINE:COLUMN, for compilers that write source maps instead of DWARF
 * (AssemblyScript's `asc --sourceMap`, Emscripten's `-gsource-map`).
 *
 * The format, as Wasm uses it: a JSON object with `version` 3, `sources`
 * (file names, each joined to `sourceRoot` when there is one), `names` and
 * `mappings`: comma-separated segments of 1, 4 or 5 base64 VLQ numbers,
 * each relative to the same field of the segment before (generated
 * column, source index, original line, original column, name index). A
 * Wasm module is one generated line whose "column" is the byte offset in
 * the module file; lines and columns in the map count from 0, what this
 * interface returns counts from 1. A 1-field segment maps the bytes from
 * its offset on to no source.
 *
 * Where a module's map comes from: `--source-map FILE`, else the URL in its
 * `sourceMappingURL` custom section (a path relative to the module's
 * folder, an absolute path, `file://`, or a `data:` URL; other URLs are not
 * fetched). Host C (malloc, jansson); a damaged or missing map is a note
 * and no locations, never a crash. */
#ifndef WISP_TOOLS_SOURCEMAP_H
#define WISP_TOOLS_SOURCEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct smap smap;

/* Parses the JSON text of a map (len bytes, need not be NUL-terminated).
 * NULL when it is not a usable map, with the reason in err ("mappings:
 * bad base64 digit '!' at character 17", ...), or when out of memory. */
smap *smap_parse(const char *json, size_t len, char *err, size_t errsize);
void smap_free(smap *m);

/* The location of the byte at module_offset: the last mapping at or below
 * it (as addr2line takes the last row at or below an address). False when
 * there is none or that mapping maps to no source. *file stays valid
 * until smap_free; line and column count from 1. */
bool smap_lookup(const smap *m, uint32_t module_offset, const char **file, uint32_t *line,
                 uint32_t *column);

/* Mappings kept (those of the first generated line), for tests. */
size_t smap_count(const smap *m);

/* The URL in the module's `sourceMappingURL` custom section: false when
 * there is none; a damaged section is false with the reason in err (empty
 * otherwise). Points into bytes. */
bool smap_module_url(const uint8_t *bytes, size_t len, const char **url, size_t *url_len,
                     char *err, size_t errsize);

/* The map of a module: the file `source_map` when not NULL, else the one
 * its sourceMappingURL names (resolved against module_path's folder;
 * module_path may be NULL: the current folder). NULL when there is none or
 * it cannot be used; every problem is one line to note(note_ctx, line).
 * A module without the section and without `source_map` is no problem. */
smap *smap_for_module(const uint8_t *bytes, size_t len, const char *source_map,
                      const char *module_path, void (*note)(void *ctx, const char *line),
                      void *note_ctx);

#endif
