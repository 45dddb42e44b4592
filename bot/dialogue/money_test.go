package dialogue

import (
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// TestParseMoneyCompound reads amounts as leaders say them, where what
// follows a unit continues it, with and without diacritics and spaces.
func TestParseMoneyCompound(t *testing.T) {
	tests := []struct {
		in        []string
		want      int64
		ambiguous bool
	}{
		// Digits after the unit fill the places under it from the left.
		{[]string{"3tr2", "3 tr 2", "3 tr2", "3tr 2", "3 triệu 2", "3 trieu 2", "3 TRIỆU 2", "3triệu2", "3tr2đ", "3tr2 đồng"}, 3_200_000, false},
		{[]string{"12tr750", "12 tr 750", "12 triệu 750", "12 trieu 750", "12tr75", "12 triệu 75", "12tr750 vnđ"}, 12_750_000, false},
		{[]string{"1tr5", "1 tr 5", "1 triệu 5", "1 trieu 5", "1tr500", "1tr50"}, 1_500_000, false},
		{[]string{"2 triệu 4", "2 trieu 4", "2tr4", "2 tr 4", "2 triệu 400", "2tr400"}, 2_400_000, false},
		{[]string{"1 tỷ 2", "1 ty 2", "1ty2", "1 tỉ 2", "1 ti 2", "1 tỷ 200", "1ty200"}, 1_200_000_000, false},
		{[]string{"12tr075", "12 triệu 075"}, 12_075_000, false},
		{[]string{"1tr005"}, 1_005_000, false},
		{[]string{"1k5", "1 nghìn 5", "1 nghin 5", "1 ngàn 500"}, 1_500, false},
		{[]string{"3tr0", "3tr00", "3tr000", "3 triệu 0"}, 3_000_000, false},
		// A lower unit adds its amount.
		{[]string{"2 triệu 400 nghìn", "2 trieu 400 nghin", "2tr400k", "2tr 400k", "2 triệu 400 ngàn", "2 TRIEU 400 NGHIN DONG",
			"2 triệu 400.000", "2 trieu 400 000", "2tr400.000đ"}, 2_400_000, false},
		{[]string{"1 tỷ 200 triệu", "1 ty 200 trieu", "1ty200tr", "1 tỉ 200 tr", "1 tỷ 200 triệu đồng"}, 1_200_000_000, false},
		{[]string{"1 tỷ 200 triệu 500 nghìn", "1ty200tr500k", "1 ty 200 trieu 5"}, 1_200_500_000, false},
		{[]string{"1 tỷ 2,5 triệu", "1 ty 2.5tr"}, 1_002_500_000, false},
		{[]string{"500 nghìn", "500 nghin", "500k", "500 ngàn đồng"}, 500_000, false},
		// Rưỡi adds half the unit.
		{[]string{"1 triệu rưỡi", "1 trieu ruoi", "1tr rưỡi", "1tr ruoi", "1 TRIỆU RƯỠI", "1 triệu rưỡi đồng", "1trruoi"}, 1_500_000, false},
		{[]string{"2 tỷ rưỡi", "2 ty ruoi"}, 2_500_000_000, false},
		{[]string{"1 tỷ 200 triệu rưỡi", "1ty200tr ruoi"}, 1_200_500_000, false},
		// Guesses to confirm.
		{[]string{"1tr05", "1 triệu 05", "1 trieu 05"}, 1_050_000, true},
		{[]string{"2 triệu 4000", "2 trieu 4000", "2tr4000"}, 2_004_000, true},
		{[]string{"1 tỷ 2000"}, 1_000_002_000, true},
		{[]string{"1.500tr2"}, 1_500_200_000, true},
	}
	for _, tt := range tests {
		for _, in := range tt.in {
			got, amb, err := ParseMoney(in)
			if err != nil || got != tt.want || amb != tt.ambiguous {
				t.Errorf("ParseMoney(%q) = %d, %v, %v; want %d, %v", in, got, amb, err, tt.want, tt.ambiguous)
			}
		}
	}
}

// TestParseMoneyCompoundRefused refuses compound forms that make no sense
// rather than guess.
func TestParseMoneyCompoundRefused(t *testing.T) {
	refused := []string{
		"20tr 30tr", "20tr20tr", "1 nghìn 2 triệu", "1k2tr", "1 triệu 2 tỷ", "2 triệu 3 triệu", // units out of order
		"1,5tr2", "1.5 triệu 200 nghìn", "1,5 triệu rưỡi", "2,5tr rưỡi", // a fraction continued
		"2 triệu 1500 nghìn", "1 tỷ 1000 triệu", "2 triệu 1.000.000", "2tr4000000", "1k1000", "1k1500", // more than the unit holds
		"12tr0750", "1tr0005", // a leading zero before đồng
		"3tr2,5", "3tr 2.5", "3tr2 5", "3tr 2 3", "3tr2x", "20 trieu abc", "3 tr ruoi ruoi", "rưỡi", "3 rưỡi", "tr2",
		"3tr2 tr", "3 tim", "3 triệu rưỡi 2", "3tr-2", "-3tr2", "3tr" + strings.Repeat("9", 16),
		"1000 tỷ 1", "999 tỷ 1001 triệu", "1000 tỷ rưỡi",
	}
	for _, in := range refused {
		got, amb, err := ParseMoney(in)
		if bot.ErrorCode(err) != bot.EINVALID || got != 0 || amb {
			t.Errorf("ParseMoney(%q) = %d, %v, %v; want an invalid error", in, got, amb, err)
		}
	}
}
