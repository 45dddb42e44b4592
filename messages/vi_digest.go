package messages

// viDigest is the Vietnamese catalog of the weekly digest.
var viDigest = map[string]string{
	"digest.title":           "📊 <b>Tiến độ tuần – {scope}</b>",
	"digest.as_of":           "Số liệu đến ngày {date}, kế hoạch theo QĐ {decision}",
	"digest.clubs":           "{mark} Số CLB: {value}/{target} ({pct}%)",
	"digest.new_clubs":       "{mark} CLB thành lập mới: {value}/{target} ({pct}%)",
	"digest.new_members":     "{mark} Thành viên CLB mới: {value}/{target} ({pct}%)",
	"digest.older":           "{mark} Người cao tuổi ({older_age}+) trong CLB mới: {pct}% (chỉ tiêu trên {target}%)",
	"digest.districts":       "{mark} Huyện, thị, thành có CLB: {value}/{total} (chỉ tiêu {target}%)",
	"digest.uncovered":       "    Chưa có CLB: {names}",
	"digest.fund":            "{mark} CLB có quỹ từ {min_fund}: {value}/{clubs} ({pct}%)",
	"digest.week_title":      "<b>Tuần qua</b>",
	"digest.week":            "CLB mới: {new_clubs} · Thành viên vào: {joined} · nghỉ: {left}",
	"digest.week_fund":       "Quỹ các CLB: {movement}",
	"digest.attention_title": "<b>CLB cần chú ý</b>: {count}",
	"digest.attention_item":  "• <b>{club}</b> ({unit}): {reasons}",
	"digest.attention_more":  "và {count} CLB khác",
	"digest.attention_none":  "✅ Không có CLB nào cần chú ý.",
	"attention.no_report":    "chưa báo cáo quỹ",
	"attention.stale_report": "báo cáo quỹ gần nhất {date}",
	"attention.members":      "{value} thành viên (chuẩn {min}–{max})",
	"attention.women":        "nữ {value}% (chuẩn {min}–{max}%)",
	"attention.older":        "cao tuổi {value}% (chuẩn {min}–{max}%)",
	"attention.loans":        "đang vay {value}% (chuẩn từ {min}%)",
}
