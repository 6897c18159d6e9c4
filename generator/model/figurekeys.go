package model

import (
	"encoding/binary"
	"iter"
	"unsafe"

	"brief/generator/load"
)

// ReduceFigures lets go of what a note's key figures are made of (its
// result's quantities, sentences and mentions, and its quotes) and keeps
// of each figure only what Build needs to decide whether to make it: its
// key and the codes of the countries named in its sentence. A Build that
// keeps the first figures of the site and of each country
// (Input.KeepFigures) makes a few hundred figures of a large site's
// hundred thousand quantities, and asks Input.Reanalyse for the material
// of the few notes they come from; the extract stage of a one-off build
// need not hold the material of every note until then. A seed keeps its
// material: its sentences make its page.
func (a *Analysed) ReduceFigures() {
	if a.File.Kind != load.Note {
		return
	}
	a.figureKeys = encodeFigureKeys(a)
	a.Result.Quantities, a.Result.Sentences, a.Result.Mentions = nil, nil, nil
	a.Quotes = nil
}

// encodeFigureKeys writes the candidates for key figures of a's quantities
// (see figureCandidatesOf) as Build chooses among them, one after another:
// the index of the quantity, the figure's key, and the codes of the
// countries named in its sentence, each number a uvarint and each string
// after its length. A candidate whose key an earlier one has is left out:
// the document keeps its figure once, from the first (see partFigures).
//
// It allocates only the string it returns while a note has at most
// maxListed keys (most have a few): keys are made in a buffer of their
// own and kept in a keySet on the stack, and the countries are gathered
// in room on the stack too.
func encodeFigureKeys(a *Analysed) string {
	r := &a.Result
	if len(r.Quantities) == 0 {
		return ""
	}
	var room [512]byte
	buf := room[:0]
	var keyRoom [64]byte
	var seen keySet
	var codeRoom [8]string
	var codeBufRoom [64]byte
	for i, q := range r.Quantities {
		key := appendFigureKey(keyRoom[:0], q.Value, q.Unit)
		if !seen.add(unsafe.String(unsafe.SliceData(key), len(key))) {
			continue
		}
		codes := appendSentenceCountries(codeRoom[:0], r, q.Sentence)
		codeBuf := codeBufRoom[:0]
		for _, c := range codes {
			codeBuf = appendString(codeBuf, c)
		}
		buf = binary.AppendUvarint(buf, uint64(i))
		buf = append(binary.AppendUvarint(buf, uint64(len(key))), key...)
		buf = append(binary.AppendUvarint(buf, uint64(len(codeBuf))), codeBuf...)
	}
	return string(buf)
}

// appendString appends s after its length.
func appendString(dst []byte, s string) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(s))), s...)
}

// figureKeyEntry is one candidate of encodeFigureKeys.
type figureKeyEntry struct {
	index int    // of its quantity in the note's result
	key   string // figureKey
	codes string // the countries' codes, each after its length
}

// countries yields the codes of the countries named in the figure's
// sentence, in order.
func (e figureKeyEntry) countries() iter.Seq[string] {
	return func(yield func(string) bool) {
		for s := e.codes; s != ""; {
			var code string
			code, s = cutString(s)
			if !yield(code) {
				return
			}
		}
	}
}

// decodeFigureKeys yields the candidates that encodeFigureKeys wrote in
// s; the strings are parts of s.
func decodeFigureKeys(s string) iter.Seq[figureKeyEntry] {
	return func(yield func(figureKeyEntry) bool) {
		for s != "" {
			var e figureKeyEntry
			var i uint64
			i, s = cutUvarint(s)
			e.index = int(i)
			e.key, s = cutString(s)
			e.codes, s = cutString(s)
			if !yield(e) {
				return
			}
		}
	}
}

// cutUvarint returns the uvarint at the start of s and the rest of s.
func cutUvarint(s string) (uint64, string) {
	var v uint64
	for shift := 0; ; shift += 7 {
		c := s[0]
		s = s[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, s
		}
	}
}

// cutString returns the string at the start of s, after its length, and
// the rest of s.
func cutString(s string) (string, string) {
	n, s := cutUvarint(s)
	return s[:n], s[n:]
}
