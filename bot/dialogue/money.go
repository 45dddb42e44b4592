package dialogue

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
)

// maxMoney is the largest amount ParseMoney accepts, 1000 tỷ đồng: far above
// any club fund, so anything larger is a typo.
const maxMoney int64 = 1_000_000_000_000

// maxMoneyDigits bounds the digits of an amount so that no arithmetic on it
// can overflow an int64.
const maxMoneyDigits = 15

// moneyTermRe matches a folded numeral and its unit at the start of an
// amount. The numeral is checked by parseNumeral, and what follows the unit
// by moneyTerm.
var moneyTermRe = regexp.MustCompile(`^([0-9][0-9., ]*?) ?(trieu|tr|nghin|ngan|k|ty|ti)`)

// moneyExp gives the power of ten of each unit.
var moneyExp = map[string]int{"trieu": 6, "tr": 6, "nghin": 3, "ngan": 3, "k": 3, "ty": 9, "ti": 9}

// dongRe matches the word for đồng at the end of a folded amount.
var dongRe = regexp.MustCompile(` ?(?:vnd|dong|d)$`)

// half is the folded word for "and a half" of the unit before it (rưỡi).
const half = "ruoi"

// ParseMoney reads an amount of đồng as club leaders type it: "20.000.000đ",
// "20 triệu", "20tr", "20,5 tr", "500k", "1,2 tỷ", and the compound forms
// of speech, where what follows a unit continues it:
//
//   - a lower unit adds its amount: "2 triệu 400 nghìn", "1 tỷ 200 triệu";
//   - "rưỡi" adds half the unit: "1 triệu rưỡi" is 1.500.000;
//   - one to three digits fill the places under the unit from the left, as
//     decimals of it would: "3tr2" is 3.200.000, "12tr75" and "12tr750" are
//     12.750.000, "1 tỷ 2" is 1.200.000.000;
//   - digits grouped by thousands are đồng added: "2 triệu 400.000".
//
// When the reading is a guess, ambiguous is true and amount is the likeliest
// meaning, for the caller to confirm: a bare "20" or "20,5" is read as
// millions, "1.500tr" as 1500 triệu, "1tr05" (1.050.000 or 1.005.000?) from
// the left, and four digits or more after a unit ("2 triệu 4000") as đồng
// added. Anything else is refused: a unit twice or out of order ("20tr 30tr",
// "1 nghìn 2 triệu"), digits after a fraction ("1,5tr2"), more after a
// unit than the unit holds ("2 triệu 1500 nghìn"), or a zero before four
// digits or more ("12tr0750": 12.075.000 with a stray digit, or 12.750.000
// with a stray zero?).
func ParseMoney(s string) (amount int64, ambiguous bool, err error) {
	f := strings.TrimRight(bot.Fold(s), ".,!?;: ")
	if strings.HasPrefix(f, "-") || strings.HasPrefix(f, "−") {
		return 0, false, bot.Errorf(bot.EINVALID, "negative amount")
	}
	f = dongRe.ReplaceAllString(f, "")
	num, exp, rest, ok := moneyTerm(f)
	if !ok {
		n, err := parseNumeral(f)
		if err != nil {
			return 0, false, err
		}
		return moneyValue(n, 0, false)
	}
	n, err := parseNumeral(num)
	if err != nil {
		return 0, false, err
	}
	total, ambiguous, err := moneyValue(n, exp, true)
	if err != nil {
		return 0, false, err
	}
	for tail := (moneyTail{n: n, exp: exp, rest: rest}); tail.rest != ""; {
		add, amb, err := tail.next()
		if err != nil {
			return 0, false, err
		}
		total, ambiguous = total+add, ambiguous || amb
	}
	if total > maxMoney {
		return 0, false, bot.Errorf(bot.EINVALID, "amount too large")
	}
	return total, ambiguous, nil
}

// moneyTerm splits a numeral and its unit from the start of f, returning
// the unit's power of ten and what follows, without its leading space.
// A unit must end at a space, a digit or "rưỡi": "20 tim" has none.
func moneyTerm(f string) (num string, exp int, rest string, ok bool) {
	m := moneyTermRe.FindStringSubmatch(f)
	if m == nil {
		return "", 0, "", false
	}
	rest = f[len(m[0]):]
	if rest != "" && rest[0] != ' ' && (rest[0] < '0' || rest[0] > '9') && rest != half {
		return "", 0, "", false
	}
	return m[1], moneyExp[m[2]], strings.TrimPrefix(rest, " "), true
}

// moneyTail is what follows the first term of an amount, as it is read:
// the numeral and unit exponent of the last term read, and the rest.
type moneyTail struct {
	n    numeral
	exp  int
	rest string
}

// next reads the next part of the tail: "rưỡi", a term of a lower unit
// (which becomes the last term), or the continuation digits. It returns
// the đồng to add.
func (m *moneyTail) next() (int64, bool, error) {
	if m.n.fraction { // "1,5tr2", "1,5 triệu rưỡi"
		return 0, false, bot.Errorf(bot.EINVALID, "a fraction continued")
	}
	unit := pow10(m.exp)
	if m.rest == half {
		m.rest = ""
		return unit / 2, false, nil
	}
	num, exp, after, ok := moneyTerm(m.rest)
	if !ok {
		add, amb, err := moneyContinuation(m.rest, m.exp)
		m.rest = ""
		return add, amb, err
	}
	if exp >= m.exp {
		return 0, false, bot.Errorf(bot.EINVALID, "units out of order")
	}
	n, err := parseNumeral(num)
	if err != nil {
		return 0, false, err
	}
	add, amb, err := moneyValue(n, exp, true)
	if err == nil && add >= unit {
		err = bot.Errorf(bot.EINVALID, "more than the unit before")
	}
	m.n, m.exp, m.rest = n, exp, after
	return add, amb, err
}

// moneyContinuation reads the digits c that follow a unit of exponent exp
// and returns the đồng they add. One to three digits fill the places under
// the unit from the left ("3tr2": 200.000); leading zeros in fewer than
// three ("1tr05") make that a guess. Digits grouped by thousands are đồng;
// four or more ungrouped are most likely đồng too, but only a guess.
func moneyContinuation(c string, exp int) (int64, bool, error) {
	unit := pow10(exp)
	if onlyDigits(c) != c {
		n, err := parseNumeral(c)
		switch {
		case err != nil || !n.grouped || n.fraction:
			return 0, false, bot.Errorf(bot.EINVALID, "not digits after the unit")
		case n.mant >= unit:
			return 0, false, bot.Errorf(bot.EINVALID, "more than the unit before")
		}
		return n.mant, false, nil
	}
	if len(c) > maxMoneyDigits {
		return 0, false, bot.Errorf(bot.EINVALID, "too many digits")
	}
	v, _ := strconv.ParseInt(c, 10, 64)
	if len(c) <= 3 {
		guess := len(c) < 3 && c[0] == '0' && v != 0
		return v * pow10(exp-len(c)), guess, nil
	}
	if c[0] == '0' || v >= unit {
		return 0, false, bot.Errorf(bot.EINVALID, "more than the unit before")
	}
	return v, true, nil
}

// pow10 returns 10 to the power e, for e from 0 to 18.
func pow10(e int) int64 {
	p := int64(1)
	for range e {
		p *= 10
	}
	return p
}

// numeral is a parsed number: its value is mant / 10^scale.
type numeral struct {
	mant     int64
	scale    int
	grouped  bool // has thousands separators
	single3  bool // one '.' or ',' then three digits: "1.500" may be 1500 or 1,5
	fraction bool // has a decimal part, even "20,0"
}

// numeralRe splits a numeral into its integer part, grouped by threes with
// ".", "," or " " (each alternative keeps one separator) or not grouped, and
// a decimal part after "." or ",". Grouping comes first so that "20.500" is
// 20500, as Vietnamese write it.
var numeralRe = regexp.MustCompile(`^(?:([1-9][0-9]{0,2}(?:\.[0-9]{3})+)|([1-9][0-9]{0,2}(?:,[0-9]{3})+)|` +
	`([1-9][0-9]{0,2}(?: [0-9]{3})+)|([0-9]+))(?:([.,])([0-9]+))?$`)

// parseNumeral reads a numeral matched by numeralRe.
func parseNumeral(s string) (numeral, error) {
	m := numeralRe.FindStringSubmatch(s)
	if m == nil {
		return numeral{}, bot.Errorf(bot.EINVALID, "not one number")
	}
	integer, dec, frac, sep := m[1]+m[2]+m[3]+m[4], m[5], m[6], ""
	for i, g := range []string{".", ",", " "} {
		if m[i+1] != "" {
			sep = g
		}
	}
	// "20.000.5" mixes up separators, and in "20 000.000" the last group
	// could be thousands or decimals: refuse rather than guess.
	if dec != "" && sep != "" && (dec == sep || len(frac) == 3) {
		return numeral{}, bot.Errorf(bot.EINVALID, "malformed number")
	}
	digits := onlyDigits(integer + frac)
	if len(digits) > maxMoneyDigits {
		return numeral{}, bot.Errorf(bot.EINVALID, "too many digits")
	}
	n := numeral{grouped: sep != "", fraction: dec != "",
		single3: dec == "" && (sep == "." || sep == ",") && strings.Count(integer, sep) == 1}
	n.mant, _ = strconv.ParseInt(digits, 10, 64) // no overflow: at most 15 digits
	for n.scale = len(frac); n.scale > 0 && n.mant%10 == 0; n.scale-- {
		n.mant /= 10
	}
	return n, nil
}

// moneyValue turns a numeral and its unit into đồng, deciding whether the
// reading is a guess.
func moneyValue(n numeral, exp int, hasUnit bool) (int64, bool, error) {
	ambiguous := hasUnit && n.single3
	// Nobody records a fund of 20 đ or 20,5 đ: such bare numbers are most
	// likely millions, the usual shorthand, but the user must confirm.
	if !hasUnit && !n.grouped && n.mant != 0 && (n.scale > 0 || n.mant < 1000) {
		exp, ambiguous = 6, true
	}
	if n.scale > exp {
		return 0, false, bot.Errorf(bot.EINVALID, "fraction of a dong")
	}
	factor := pow10(exp - n.scale)
	if n.mant > maxMoney/factor {
		return 0, false, bot.Errorf(bot.EINVALID, "amount too large")
	}
	return n.mant * factor, ambiguous, nil
}
