package bot

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// InviteAlphabet is Crockford's base 32: no I, L, O or U, which people
// confuse with 1, 0 and V when they copy a code by hand.
const InviteAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// InviteCodeLen is 13 characters of 5 bits: 65 random bits.
const InviteCodeLen = 13

// NewInviteCode returns a fresh random invite code, grouped for reading
// ("7KQ2-M9XD-T4RWA"), and the hash under which it is stored.
func NewInviteCode() (code, hash string, err error) {
	raw := make([]byte, InviteCodeLen)
	if _, err := rand.Read(raw); err != nil {
		return "", "", fmt.Errorf("read random: %w", err)
	}
	var b strings.Builder
	for i, r := range raw {
		if i == 4 || i == 8 {
			b.WriteByte('-')
		}
		b.WriteByte(InviteAlphabet[int(r)%32])
	}
	code = b.String()
	return code, HashInviteCode(code), nil
}

// NormalizeInviteCode removes spaces and dashes, upper-cases, and reads
// the letters people mistake for digits as those digits.
func NormalizeInviteCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(Fold(code)) {
		switch {
		case r == 'O':
			b.WriteByte('0')
		case r == 'I' || r == 'L':
			b.WriteByte('1')
		case strings.ContainsRune(InviteAlphabet, r):
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '_':
		default:
			return ""
		}
	}
	return b.String()
}

// HashInviteCode is the stored form of a code: only its holder knows it.
func HashInviteCode(code string) string {
	sum := sha256.Sum256([]byte(NormalizeInviteCode(code)))
	return hex.EncodeToString(sum[:])
}

// LooksLikeInviteCode reports whether text could be a code someone typed.
func LooksLikeInviteCode(text string) bool {
	return len(NormalizeInviteCode(text)) == InviteCodeLen
}
