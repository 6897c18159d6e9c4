package hugeheap

import (
	"bytes"
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// plug is allocated just before the large object: pages that goroutine
// stacks used and gave back at the top of the heap before this package's
// initialisation (no more than a few dozen kilobytes) go to it, so the
// large object begins beyond every page used before.
const plug = 1 << 20

// madvHugepage is MADV_HUGEPAGE, which package syscall does not name.
const madvHugepage = 14

// advised is the start and end of the advised range, both zero when none
// was advised.
var advised [2]uintptr

// prime grows the heap by a block of fresh memory, advises huge pages for
// it, lets it go and records the range in advised (see the package's
// documentation).
func prime() {
	if !roomy() {
		return
	}
	n := size(readProc("/proc/meminfo", parseMemTotal), readProc("/proc/buddyinfo", parseBuddyInfo))
	if n == 0 {
		return
	}
	p := make([]byte, plug)
	b := make([]byte, n)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	beg := (start + hugePage - 1) &^ (hugePage - 1)
	end := (start + n) &^ (hugePage - 1)
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, beg, end-beg, madvHugepage)
	runtime.KeepAlive(p)
	runtime.KeepAlive(b)
	// The allocation started a collection that may have found b still in
	// use; one more makes sure the block is free for the build, and the
	// collector's next goal is set by the small heap, not by it.
	runtime.GC()
	if errno == 0 {
		advised = [2]uintptr{beg, end}
	}
}

// roomy tells whether a large mapping is safe to ask for: addresses are
// of 64 bits (a 32-bit process may not find gigabytes of address space in
// one piece, and the runtime fails when it cannot map what it is asked
// for), pages are of 4 KiB (so huge ones of 2 MiB), the kernel has
// transparent huge pages and does not commit memory strictly (where a
// mapping that is never touched still counts against a limit), and the
// address space is not limited.
func roomy() bool {
	if unsafe.Sizeof(uintptr(0)) < 8 || syscall.Getpagesize() != 4<<10 {
		return false
	}
	if thp, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || bytes.Contains(thp, []byte("[never]")) {
		return false
	}
	if mode, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); err != nil || len(mode) == 0 || mode[0] == '2' {
		return false
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &lim); err != nil || lim.Cur != ^uint64(0) {
		return false
	}
	return true
}

// readProc reads the file name with parse, or is zero when it cannot.
func readProc(name string, parse func([]byte) uint64) uint64 {
	info, err := os.ReadFile(name)
	if err != nil {
		return 0
	}
	return parse(info)
}
