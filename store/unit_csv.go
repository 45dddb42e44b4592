package store

import (
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"strings"

	"github.com/clubbot/clubbot/bot"
)

// unitSpec is one row of a units CSV file.
type unitSpec struct {
	code   string
	name   string
	typ    string
	former []string // folded names of former districts, communes only
}

// Types allowed in the CSV files.
var (
	districtTypes = map[string]bool{"thành phố": true, "thị xã": true, "huyện": true}
	communeTypes  = map[string]bool{"phường": true, "xã": true, "đặc khu": true}
	unitCodeRe    = regexp.MustCompile(`^[0-9]{2,5}$`)
)

// parseDistricts reads the district-level CSV (code,name,type).
func parseDistricts(r io.Reader) ([]unitSpec, error) {
	recs, err := readCSV(r, "districts", []string{"code", "name", "type"})
	if err != nil {
		return nil, err
	}
	specs := make([]unitSpec, 0, len(recs))
	for i, rec := range recs {
		s, err := unitFromRecord(rec, districtTypes)
		if err != nil {
			return nil, invalid("districts line %d: %v", i+2, err)
		}
		specs = append(specs, s)
	}
	return specs, checkUnique("districts", specs)
}

// parseCommunes reads the commune-level CSV
// (code,name,type,former_district), resolving former districts by name
// against districts.
func parseCommunes(r io.Reader, districts []unitSpec) ([]unitSpec, error) {
	recs, err := readCSV(r, "communes", []string{"code", "name", "type", "former_district"})
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(districts))
	for _, d := range districts {
		known[bot.Fold(d.name)] = true
	}
	specs := make([]unitSpec, 0, len(recs))
	for i, rec := range recs {
		s, err := unitFromRecord(rec, communeTypes)
		if err == nil {
			s.former, err = formerDistricts(rec[3], known)
		}
		if err != nil {
			return nil, invalid("communes line %d: %v", i+2, err)
		}
		specs = append(specs, s)
	}
	return specs, checkUnique("communes", specs)
}

// readCSV reads all records after checking the header.
func readCSV(r io.Reader, what string, header []string) ([][]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(header)
	cr.TrimLeadingSpace = true
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, invalid("%s: %v", what, err)
	}
	if len(recs) == 0 {
		return nil, invalid("%s: empty file", what)
	}
	head := recs[0]
	head[0] = strings.TrimPrefix(head[0], "\ufeff")
	for i, h := range header {
		if strings.TrimSpace(strings.ToLower(head[i])) != h {
			return nil, invalid("%s: header must be %s", what, strings.Join(header, ","))
		}
	}
	return recs[1:], nil
}

// unitFromRecord checks and cleans code, name and type.
func unitFromRecord(rec []string, types map[string]bool) (unitSpec, error) {
	s := unitSpec{
		code: strings.TrimSpace(rec[0]),
		name: bot.CleanText(rec[1]),
		typ:  strings.ToLower(bot.CleanText(rec[2])),
	}
	switch {
	case !unitCodeRe.MatchString(s.code):
		return s, errors.New("code must be 2 to 5 digits")
	case s.name == "":
		return s, errors.New("empty name")
	case !types[s.typ]:
		return s, errors.New("unknown type " + s.typ)
	}
	return s, nil
}

// formerDistricts splits a ';'-separated list of district names and checks
// each against known (folded names).
func formerDistricts(field string, known map[string]bool) ([]string, error) {
	var out []string
	for _, n := range strings.Split(field, ";") {
		k := bot.Fold(n)
		if k == "" {
			continue
		}
		if !known[k] {
			return nil, errors.New("unknown former district " + strings.TrimSpace(n))
		}
		out = append(out, k)
	}
	if len(out) == 0 {
		return nil, errors.New("no former district")
	}
	return out, nil
}

// checkUnique rejects repeated codes or names.
func checkUnique(what string, specs []unitSpec) error {
	codes, names := map[string]bool{}, map[string]bool{}
	for _, s := range specs {
		if codes[s.code] || names[bot.Fold(s.name)] {
			return bot.Errorf(bot.EINVALID, "%s: %s %s is listed twice", what, s.code, s.name)
		}
		codes[s.code], names[bot.Fold(s.name)] = true, true
	}
	return nil
}
