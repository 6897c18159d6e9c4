// Package hugeheap asks the kernel to back the heap of a one-off build with
// huge pages (2 MiB instead of 4 KiB), when it is imported by the command
// and the command builds ("brief build", or "brief" alone) or checks
// ("brief check", which analyses as a build does).
//
// A build touches every page of its heap for the first time once, and on
// a virtual machine each first touch of a 4 KiB page is a page fault that
// costs several microseconds: at 10,000 notes about 29,000 of them, at
// 100,000 notes about 250,000, near a tenth of the build's processor time.
// With huge pages the same memory takes one fault per 2 MiB.
//
// Linux gives a mapping huge pages when the system's setting is "always",
// or, when it is "madvise" (the common default), after madvise with
// MADV_HUGEPAGE. Go's runtime does not advise its heap, and it maps the
// heap a few megabytes at a time as it grows, each time as a new mapping
// that takes no earlier advice. So the package grows the heap once, early,
// by a large block: it allocates one object of up to Size bytes, which
// the runtime places at the top of the heap in fresh, never-touched memory,
// advises that range and lets the object go. The runtime then hands out
// that range before growing the heap again; its pages are still untouched,
// and the first touch of each 2 MiB brings in a huge page. The object
// costs address space, not memory: nothing writes to it.
//
// This must happen in a package's initialisation, before the collector
// first runs: an object placed where an earlier, freed one was must be
// zeroed, and zeroing would touch every page of it (gigabytes, seconds).
// Go initialises this package, which imports little, before the heavy
// libraries whose initialisation starts the first collection.
//
// The block is smaller when the kernel has few huge pages free (see
// size). Nothing happens for other commands, in tests, when the kernel
// has no huge pages, when the system commits memory strictly or the
// process's address space is limited (where a large mapping can fail), or
// when GODEBUG has disablethp=1 (Go's own switch for turning huge pages
// off).
package hugeheap

import (
	"os"
	"strings"
)

// Size is the most that is advised: the heap of a build of 100,000 notes
// fits in it (see size for what makes it less).
const Size = 2 << 30

func init() {
	if wanted(os.Args, os.Getenv("GODEBUG")) {
		prime()
	}
}

// wanted tells whether the command line is a build's or a check's and
// GODEBUG leaves huge pages on. As for the command, no command, or a flag
// first, means build; a test binary's flags (-test.…) do not, and a binary built with
// the race detector, which shadows what it allocates, never primes.
func wanted(args []string, godebug string) bool {
	if race {
		return false
	}
	if len(args) > 1 {
		first := args[1]
		if strings.HasPrefix(first, "-test.") || first != "build" && first != "check" && !strings.HasPrefix(first, "-") {
			return false
		}
	}
	for _, setting := range strings.Split(godebug, ",") {
		if strings.TrimSpace(setting) == "disablethp=1" {
			return false
		}
	}
	return true
}

// size is the block to advise on a machine with total bytes of memory,
// of which free bytes are in free blocks of a huge page or more: Size, or
// a quarter of the memory, or half of those free blocks, whichever is
// least, in whole huge pages. Where free memory is in smaller pieces, the
// kernel would have to move pages about (compact memory) to make each
// huge page the heap touches, and the build would wait for it: so the
// heap is advised only as far as huge pages are there to be had, and half
// of them are left for others, such as the files the build writes.
func size(total, free uint64) uintptr {
	return uintptr(min(uint64(Size), total/4, free/2) &^ (hugePage - 1))
}

// hugePage is the size of a huge page where pages are of 4 KiB.
const hugePage = 2 << 20

// parseBuddyInfo sums, from /proc/buddyinfo, the bytes in free blocks of
// 2 MiB (order 9, of 4 KiB pages) or more, in every zone. Each line is
// "Node 0, zone   Normal  23323 9656 ...", the counts of free blocks of
// order 0, 1, 2 and on; a line it cannot read counts nothing.
func parseBuddyInfo(info []byte) uint64 {
	var sum uint64
	for line := range strings.Lines(string(info)) {
		_, counts, ok := strings.Cut(line, "zone")
		if !ok {
			continue
		}
		fields := strings.Fields(counts)
		if len(fields) < 2 {
			continue
		}
		for order, f := range fields[1:] {
			n, ok := parseCount(f)
			if !ok {
				break
			}
			if order >= 9 && order < 40 {
				sum += n << (12 + order)
			}
		}
	}
	return sum
}

// parseCount reads a decimal count of at most 15 digits.
func parseCount(digits string) (uint64, bool) {
	if digits == "" || len(digits) > 15 {
		return 0, false
	}
	var n uint64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// parseMemTotal reads the MemTotal line of /proc/meminfo ("MemTotal:
// 24683660 kB") as bytes; zero when it is missing or malformed.
func parseMemTotal(info []byte) uint64 {
	const key = "MemTotal:"
	for line := range strings.Lines(string(info)) {
		rest, ok := strings.CutPrefix(line, key)
		if !ok {
			continue
		}
		digits, unit, _ := strings.Cut(strings.TrimSpace(rest), " ")
		n, ok := parseCount(digits)
		if unit != "kB" || !ok {
			return 0
		}
		return n << 10
	}
	return 0
}
