package messages

// viActivity is the Vietnamese catalog of the monthly activity report
// (/activity) and of the club-life lines of /status, the digest and the
// reminder. The activities' own names are plan data, not sentences here.
var viActivity = map[string]string{
	"cmd.activity":  "Báo cáo sinh hoạt tháng",
	"menu.activity": "📅 Sinh hoạt tháng",

	"field.held":       "Họp định kỳ",
	"field.date":       "Ngày họp",
	"field.attendance": "Số người dự họp",
	"field.activities": "Hoạt động",
	"field.counts":     "Số người",

	"activity.ask_month":            "Bác báo cáo sinh hoạt của tháng nào?",
	"activity.month_button":         "Tháng {month}",
	"activity.ask_held":             "Tháng {month}, CLB có họp định kỳ không?",
	"activity.ask_date":             "CLB họp ngày nào? (ví dụ: {date_example})",
	"activity.invalid_date":         "Bác gõ ngày họp trong tháng {month}, ví dụ: {date_example}.",
	"activity.date_outside":         "Ngày họp phải trong tháng {month}, ví dụ: {date_example}.",
	"activity.ask_attendance":       "Có bao nhiêu người dự họp? (ví dụ: {example})",
	"activity.invalid_attendance":   "Bác gõ số người dự họp bằng chữ số, ví dụ: {example}.",
	"activity.too_many_attending":   "CLB hiện có {members} thành viên, bác gõ số người dự họp từ 0 đến {members}, ví dụ: {example}.",
	"activity.ask_activities":       "Tháng {month}, CLB đã làm những hoạt động nào? Bác bấm từng hoạt động (bấm lại để bỏ chọn), rồi bấm <b>Xong</b>.",
	"activity.ask_activities.typed": "Tháng {month}, CLB đã làm những hoạt động nào? Bác gõ các số, cách nhau bởi dấu cách, ví dụ: {list_example}. Không có hoạt động nào thì gõ: xong.",
	"activity.invalid_list":         "Bác gõ số của các hoạt động đã làm, cách nhau bởi dấu cách, ví dụ: {list_example}.",
	"activity.done":                 "Xong",
	"activity.ask_count":            "Hoạt động “{activity}”: có bao nhiêu {what}? (ví dụ: {count_example})",
	"activity.invalid_count":        "Bác gõ số người bằng chữ số, ví dụ: {count_example}.",
	"activity.too_many_counted":     "CLB hiện có {members} thành viên, bác gõ một số từ 0 đến {members}, ví dụ: {count_example}.",
	"activity.summary":              "Bác kiểm tra lại báo cáo sinh hoạt tháng {month}:\n{report}",
	"activity.line_meeting":         "Họp định kỳ: <b>{meeting}</b>",
	"activity.line_meeting_held":    "Họp định kỳ: <b>Có</b>, ngày {date}, {attendance} người dự",
	"activity.line_activities":      "Hoạt động: {activities}",
	"activity.line_counts":          "Số người: {counts}",
	"activity.count_item":           "{count} {what}",
	"activity.none":                 "không có",
	"activity.existing":             "Tháng {month} CLB đã báo cáo:\n{report}\nBác muốn sửa hay giữ nguyên?",
	"activity.fix":                  "✏️ Sửa",
	"activity.keep":                 "Giữ nguyên",
	"activity.saved":                "✅ Đã lưu báo cáo sinh hoạt tháng {month}. Cảm ơn bác!",
	"activity.corrected":            "✅ Đã sửa báo cáo sinh hoạt tháng {month}.",
	"activity.kept":                 "Báo cáo sinh hoạt tháng {month} giữ nguyên như đã lưu.",

	// /status, /club, /area.
	"status.activity":            "{met_ok} Họp định kỳ: {met}/3 tháng gần nhất ({from}–{to})\n{full_ok} Hoạt động: {full}",
	"status.activity_full":       "đủ các hoạt động trong 3 tháng",
	"status.activity_missing":    "còn thiếu: {missing}",
	"status.activity_none_done":  "chưa báo cáo hoạt động nào",
	"status.activity_due":        "⚠️ CLB chưa báo cáo sinh hoạt tháng {month}. Bác gõ /activity để báo cáo.",
	"status.activity_area":       "{met_ok} CLB họp đủ 3 tháng gần nhất: {met}/{clubs}\n{full_ok} CLB làm đủ các hoạt động: {full}/{clubs} ({pct}%, chỉ tiêu từ {target}%)",
	"status.activity_no_meeting": "⚠️ {count} CLB 2 tháng nay chưa báo cáo có họp",

	// The digest.
	"digest.life":          "{mark} CLB làm đủ các hoạt động: {full}/{clubs} ({pct}%, chỉ tiêu từ {target}%) · họp đủ 3 tháng: {met}/{clubs}",
	"digest.life_area":     "    {area}: đủ hoạt động {full}/{clubs} ({pct}%) {mark} · họp đủ 3 tháng {met}/{clubs}",
	"attention.no_meeting": "2 tháng chưa báo cáo có họp",

	"report.col.meeting_months": "Họp định kỳ (tháng, 3 tháng gần nhất)",
	"report.sum.full_set":       "CLB làm đủ các hoạt động (3 tháng gần nhất)",
	"report.col.full_set":       "Đủ các hoạt động (3 tháng)",

	// /history.
	"history.activity_create":     "Báo cáo sinh hoạt tháng {month} của {club}: {after}",
	"history.activity_correct":    "Sửa báo cáo sinh hoạt tháng {month} của {club}: {before} → {after}",
	"history.activity_meeting":    "họp ngày {date}, {attendance} người dự, {count} hoạt động",
	"history.activity_no_meeting": "không họp, {count} hoạt động",

	// The monthly reminder's second button.
	"reminder.activity":        "CLB cũng chưa báo cáo sinh hoạt tháng {month}: bác chọn Báo cáo sinh hoạt.",
	"reminder.activity_button": "📅 Báo cáo sinh hoạt",
}
