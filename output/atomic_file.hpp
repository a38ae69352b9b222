#pragma once
// Putting a finished file at its final path in one step, so a reader sees
// the old file or the complete new one, never half of one.
#include <string>
#include <vector>

namespace commsim::output {

// Throws InputError, before any work is done, when `path` may not be
// written: it exists and `replace` is false; it is a directory, a device, a
// FIFO, a socket or a symbolic link; or it is one of the command's `inputs`.
void check_output_path(const std::string& path, bool replace, const std::vector<std::string>& inputs);

// The temporary name beside `path` to write to first (same directory, so the
// final rename is atomic); creates missing parent directories.
std::string temporary_path_for(const std::string& path);

// Syncs `temporary` to disk and moves it to `path`: a rename with `replace`;
// otherwise a link that fails if `path` exists (even one created while the
// command ran), then an unlink. Syncs the directory after. Removes
// `temporary` on failure.
void publish(const std::string& temporary, const std::string& path, bool replace);

// Removes a temporary file, ignoring errors (for failure paths).
void discard(const std::string& temporary);

}  // namespace commsim::output
