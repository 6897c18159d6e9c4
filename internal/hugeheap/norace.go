//go:build !race

package hugeheap

const race = false
