package messages

// viAnswers is the Vietnamese catalog of the answers that must agree with
// each other: the plan's progress and end, empty areas, a leader's late
// fund report.
var viAnswers = map[string]string{
	"plan.running":             "📋 Kế hoạch đến {to}: {clubs}/{target} CLB, {new_clubs}/{target_new} CLB thành lập mới.",
	"plan.running_area":        "📋 Kế hoạch đến {to}: {clubs} CLB, {new_clubs} CLB thành lập mới (chỉ tiêu cả tỉnh: {target} CLB, {target_new} CLB thành lập mới).",
	"plan.ended":               "🏁 Kế hoạch đến {to} đã kết thúc: đạt {clubs}/{target} CLB, {new_clubs}/{target_new} CLB thành lập mới.",
	"plan.ended_area":          "🏁 Kế hoạch đến {to} đã kết thúc: {clubs} CLB, {new_clubs} CLB thành lập mới (chỉ tiêu cả tỉnh: {target} CLB, {target_new} CLB thành lập mới).",
	"plan.next":                "ℹ️ Để theo dõi kế hoạch tiếp theo (QĐ 1648/QĐ-TTg, đến năm 2035), quản trị viên đặt biến <code>CLUBBOT_PLAN_FILE</code> là đường dẫn tệp kế hoạch (cùng mẫu với kế hoạch 1336) rồi khởi động lại hệ thống.",
	"plan.fund":                "{mark} CLB có vốn ban đầu từ {min_fund}: {value}/{clubs}",
	"area.empty":               "<b>{^place}</b>\nChưa có CLB.",
	"digest.no_clubs":          "Chưa có CLB.",
	"status.fund_late":         "⚠️ CLB chưa báo cáo quỹ từ đầu tháng {month}. Bác gõ /fund để báo cáo.",
	"report.chart.title_ended": "Kết quả kế hoạch đến {to} (đã kết thúc) — {date}",
}
