import ArgumentParser
import ReformKit

/// The Chinese of every abstract and option help of the command line, keyed by the English.
/// Help is written in English beside each option; this is its one Chinese wording.
enum HelpCatalogue {
  static let chinese: [String: String] = [
    "nothing to change: give --roles, --groups, --unit, --email or --key":
      "没有要变更的内容：请给出 --roles、--groups、--unit、--email 或 --key",
    ".reform/allowed_signers matches the policy; nothing to do":
      ".reform/allowed_signers 与策略一致；无需处理",
    "hook":
      "钩子",
    "say what to do: reform index --rebuild":
      "请说明要做什么：reform index --rebuild",
    "plan index rebuilt in %.1f s":
      "方案索引已重建，用时 %.1f 秒",
    "give --key YOUR_KEY to set up, or --check to check":
      "请用 --key 您的密钥 进行设置，或用 --check 检查",
    "git here signs as the member who commits":
      "此处的 git 以提交者成员的身份签名",
    "you are":
      "您是",
    "git signs your commits with your key and checks signatures with .reform/allowed_signers":
      "git 用您的密钥签署提交，并用 .reform/allowed_signers 检查签名",
    "local stage branches:":
      "本地阶段分支：",
    "give either --version or --at, not both":
      "请给出 --version 或 --at，不要同时使用",
    "name both revisions, or neither":
      "请同时给出两个修订版本，或都不给",
    "give either --staged or paths, not both":
      "请给出 --staged 或路径，不要同时使用",
    "no plan":
      "尚无方案",
    "followed the central repository:":
      "已跟随中心仓库：",
    "nothing to publish":
      "没有要发布的内容",
    "published:":
      "已发布：",
    "--warn-days must be from 0 to 36500":
      "--warn-days 应在 0 到 36500 之间",
    "invalid arguments": "参数有误",
    "demo repository:": "演示仓库：",
    "generated": "已生成",
    "plans": "个方案",
    "member keys:": "成员密钥：",
    "status": "状态",
    "next:": "下一个时限：",
    "history of": "历史：",
    "verification": "校验",
    "try:": "试试：",
    "Only plans of this jurisdiction (repeat for several).":
      "只统计此地区的方案（可重复）。",
    "One row per lead unit (unit) or per jurisdiction (jurisdiction).":
      "每个牵头单位一行（unit），或每个地区一行（jurisdiction）。",
    "Judge on this day, YYYY-MM-DD (default: today, or the year's last day for a past year).":
      "按此日判断，YYYY-MM-DD（默认：今天；往年则为该年最后一天）。",
    "--year must be from 1949 to 9999":
      "--year 应在 1949 到 9999 之间",
    "--as-of must be on or after 1949-10-01":
      "--as-of 不能早于 1949-10-01",
    "Count the plans by light per unit, group or jurisdiction instead of listing them.":
      "按牵头单位、专项小组或地区统计各色方案数，而不逐个列出。",
    "Count the overdue items per unit, group or jurisdiction instead of listing them.":
      "按牵头单位、专项小组或地区统计逾期事项，而不逐项列出。",
    "Judge as of the end of this year, or today while it lasts (default: today).":
      "按此年年末判断，当年则按今天（默认：今天）。",
    "csv (the measures, UTF-8 with BOM), xlsx (both sheets) or json (default: from -o's extension, else csv).":
      "csv（举措，带 BOM 的 UTF-8）、xlsx（两页）或 json（默认：按 -o 的扩展名，否则 csv）。",
    "Print JSON (the same as --format json).":
      "输出 JSON（同 --format json）。",
    "give --json or --format, not both":
      "请给出 --json 或 --format，不要同时使用",
    "--plan takes a plan id":
      "--plan 应为方案编号",
    "Only this action: new, submit, return, approve, amend, record, withdraw or edit.":
      "只列出此操作：new、submit、return、approve、amend、record、withdraw 或 edit。",
    "dated ":
      "记录日期 ",
    "Print a starter file for this kind of record (for --file) instead of recording.":
      "输出此类记录的起始文件（供 --file 使用），而不记录。",
    "decisions are recorded with reform approve":
      "决策请用 reform approve 记录",
    "List each kind of record: its fields (required first), the stages and who may make it.":
      "列出每类记录：字段（必填在前）、所在阶段和可以记录的人。",
    "give the plan id and the kind of record (reform record ID KIND), or --kinds":
      "请给出方案编号和记录类别（reform record 编号 类别），或使用 --kinds",
    "Only the plans of this lead unit.":
      "只列出此牵头单位的方案。",
    "Only this deadline: drafting, filing, progress, inspection, rectification, lookback, pilot-summary, target or work-plan.":
      "只列出此类时限：drafting（起草）、filing（备案）、progress（进展报告）、inspection（督察）、rectification（整改）、lookback（回头看）、pilot-summary（试点总结）、target（目标）或 work-plan（工作要点）。",
    "The ledger (台账): one row per measure of every plan in force, and a sheet of overdue items.":
      "台账：每个现行方案的每项举措一行，另有逾期事项一页。",
    "Only the plans this unit leads and the measures it is responsible for.":
      "只列出此单位牵头的方案及其负责的举措。",
    "give --year or --as-of, not both":
      "请给出 --year 或 --as-of，不要同时使用",
    "What waits for a member: reviews, countersignatures, decisions, records and inspections due.":
      "成员的待办事项：待审核、待会签、待决策、到期的记录和督察。",
    "The member (default: the owner of the signing key).":
      "成员名（默认：签名密钥的所有人）。",
    "Print JSON: [{plan, task, type, due, detail}].":
      "输出 JSON：[{plan, task, type, due, detail}]。",
    "A plan's history across all its versions, oldest first; without an id, every plan's activity, newest first.":
      "方案各版本的全部历史，按时间先后；不给编号时，列出所有方案的活动，最新的在前。",
    "The plan id (default: every plan).":
      "方案编号（默认：所有方案）。",
    "Only entries on or after this day, YYYY-MM-DD.":
      "只列出此日及以后的条目，YYYY-MM-DD。",
    "Only entries on or before this day, YYYY-MM-DD.":
      "只列出此日及以前的条目，YYYY-MM-DD。",
    "Only entries signed by a member of this unit.":
      "只列出此单位成员签名的条目。",
    "Only entries signed by this member.":
      "只列出此成员签名的条目。",
    "Only this plan.":
      "只列出此方案。",
    "Print JSON: [{commit, date, action, stage, signer, verified, summary}], with plan when listing every plan.":
      "输出 JSON：[{commit, date, action, stage, signer, verified, summary}]，列出所有方案时另含 plan。",
    "give the plan as the argument or as --plan, not both":
      "方案请以参数或 --plan 给出，不要同时使用",
    "--since must not be after --until":
      "--since 不能晚于 --until",
    "--action takes one of: ":
      "--action 应为以下之一：",
    "✗ signature not verified (committer: ":
      "✗ 签名未通过验证（提交者：",
    ")":
      "）",
    "Only the fields given change. With --key the member's current key is retired: it stays in the policy and in .reform/allowed_signers with valid-before set to this commit's time, so that git verify-commit still accepts what it signed before, and it signs nothing new.":
      "只变更所给出的字段。使用 --key 时，成员的现用密钥停用：它仍保留在策略和 .reform/allowed_signers 中，valid-before 设为本次提交的时间，因此 git verify-commit 仍接受它此前签署的内容，但它不能再签署新内容。",
    "Keeps government reform plans in a git repository and enforces how they are made.":
      "在 git 仓库中保存改革方案，并按程序规范方案的起草、论证评估、审核和审定。",
    "Records a decision of the plan's route; merges it into main when the route is complete.":
      "记录方案审定路线中的一项决策；路线完成时合并入 main。",
    "The plan id.":
      "方案编号。",
    "leading-group, government-executive, group-meeting, countersign or standing-committee.":
      "决策机构：leading-group（领导小组会议）、government-executive（省政府常务会议）、group-meeting（专项小组会议）、countersign（会签）或 standing-committee（省委常委会议）。",
    "The meeting (or countersigning round).":
      "会议名称（或会签轮次）。",
    "The day of the decision, YYYY-MM-DD.":
      "决策日期，YYYY-MM-DD。",
    "approved (default), rejected or deferred.":
      "approved（通过，默认）、rejected（不通过）或 deferred（暂缓）。",
    "Builds a demonstration repository, walks three sample plans through the procedure and prints status, history and verification.":
      "建立演示仓库，让三个示例方案走完全部程序，并显示状态、历史和校验结果。",
    "The folder to build in; must not exist or be empty (default: ./reform-demo).":
      "建立演示仓库的文件夹；须不存在或为空（默认：./reform-demo）。",
    "Walk this many more plans through the whole procedure (twenty commits each), for benchmarks.":
      "另让这么多方案走完全部程序（每个二十次提交），用于性能测试。",
    "Then append this many generated plans (twenty-one signed commits each, written straight into a pack), for benchmarks at a province's scale.":
      "再追加这么多生成的方案（每个二十一次签名提交，直接写入一个包），用于全省规模的性能测试。",
    "What changed between two versions of a plan, field by field: targets, deadlines, owners, sections.":
      "逐项比较方案两个版本的变化：目标、时限、责任人、章节。",
    "The old revision: a version (2 or v2) or 'draft' (default: the version in force, or the one before the last).":
      "旧版本：版本号（2 或 v2）或 'draft'（默认：现行版本，或倒数第二个版本）。",
    "The new revision (default: the draft, or the last version).":
      "新版本（默认：草稿，或最新版本）。",
    "Print JSON: [{path, old, new}].":
      "输出 JSON：[{path, old, new}]。",
    "Runs or installs the git hooks.":
      "运行或安装 git 钩子。",
    "Validates what is staged; refuses the commit on any problem.":
      "校验暂存的内容；有问题时拒绝提交。",
    "Checks the Reform-* trailers of a commit message.":
      "检查提交说明中的 Reform-* 尾注。",
    "The file holding the commit message.":
      "存放提交说明的文件。",
    "Checks the branches, tags and signatures about to be pushed.":
      "检查即将推送的分支、标签和签名。",
    "The remote's name and URL, as git passes them.":
      "远程仓库的名称和地址（由 git 传入）。",
    "Checks every pushed commit against the policy (server side).":
      "按策略检查推送的每个提交（服务器端）。",
    "Installs the client hooks into a repository, or with --server the pre-receive hook into a bare one.":
      "在仓库中安装客户端钩子；加 --server 时在裸仓库中安装 pre-receive 钩子。",
    "Install the server's pre-receive hook.":
      "安装服务器端的 pre-receive 钩子。",
    "The repository to install into.":
      "要安装钩子的仓库。",
    "Rebuilds the plan index under .git/ (a cache for log and status; reform verify never reads it).":
      "重建 .git/ 下的方案索引（log 和 status 的缓存；reform verify 从不读取它）。",
    "Delete the index and build it afresh.":
      "删除索引并重新建立。",
    "Makes a plan repository, or adopts an existing git repository.":
      "建立方案仓库，或将已有 git 仓库纳入管理。",
    "The first admin's private Ed25519 key (make one with 'reform keys generate').":
      "首位管理员的 Ed25519 私钥（可用 'reform keys generate' 生成）。",
    "The first admin's member name.":
      "首位管理员的成员名。",
    "The first admin's unit.":
      "首位管理员的单位。",
    "Makes signing keys.":
      "生成签名密钥。",
    "Writes an Ed25519 key pair in OpenSSH format: FILE (private) and FILE.pub.":
      "以 OpenSSH 格式写出 Ed25519 密钥对：FILE（私钥）和 FILE.pub（公钥）。",
    "The private key file to write; the public key goes to FILE.pub.":
      "要写出的私钥文件；公钥写入 FILE.pub。",
    "The comment stored with the key.":
      "随密钥保存的备注。",
    "A plan's history across all its versions, oldest first: date, action, stage, verified signer, summary.":
      "方案各版本的全部历史，按时间先后：日期、操作、阶段、经验证的签名人、摘要。",
    "Print JSON: [{commit, date, action, stage, signer, verified, summary}].":
      "输出 JSON：[{commit, date, action, stage, signer, verified, summary}]。",
    "Changes or shows the members of the policy.":
      "变更或显示策略中的成员。",
    "Adds a member in an admin's signed commit on main.":
      "由管理员在 main 上以签名提交增加成员。",
    "The member's name (no spaces, commas or quotes).":
      "成员名（不含空格、逗号或引号）。",
    "The member's public key: a .pub file, or the text 'ssh-ed25519 AAAA…'.":
      "成员的公钥：.pub 文件，或文本 'ssh-ed25519 AAAA…'。",
    "The member's unit.":
      "成员所在单位。",
    "Comma-separated roles: drafter, reviewer, legal, reform-office, approver, inspector, admin.":
      "角色，以逗号分隔：drafter（起草人）、reviewer（审核人）、legal（法制审核人）、reform-office（改革办）、approver（审定人）、inspector（督察人）、admin（管理员）。",
    "Comma-separated special groups a reviewer reviews for.":
      "审核人负责审核的专项小组，以逗号分隔。",
    "The member's e-mail address, which their commits and tags carry.":
      "成员的电子邮件地址，写入其提交和标签。",
    "Removes a member in an admin's signed commit on main.":
      "由管理员在 main 上以签名提交移除成员。",
    "The member's name.":
      "成员名。",
    "Rewrites .reform/allowed_signers from the policy on main (an admin's signed commit).":
      "按 main 上的策略重写 .reform/allowed_signers（管理员的签名提交）。",
    "Lists the members of the policy on main.":
      "列出 main 上策略中的成员。",
    "Print JSON.":
      "输出 JSON。",
    "The admin's private key (default: $REFORM_SIGNING_KEY, else git's user.signingkey).":
      "管理员的私钥（默认：$REFORM_SIGNING_KEY，否则为 git 的 user.signingkey）。",
    "Changes a member in an admin's signed commit on main; a new key retires the old one.":
      "由管理员在 main 上以签名提交变更成员；新密钥启用后旧密钥停用。",
    "The new special groups a reviewer reviews for, comma-separated ('' for none).":
      "审核人新的专项小组，以逗号分隔（'' 表示无）。",
    "The new unit.":
      "新的单位。",
    "The new e-mail address, which the member's commits and tags carry.":
      "新的电子邮件地址，写入成员的提交和标签。",
    "The member's new public key: a .pub file, or the text 'ssh-ed25519 AAAA…'.":
      "成员的新公钥：.pub 文件，或文本 'ssh-ed25519 AAAA…'。",
    "Starts a plan on drafting/<id> from main with the template of its kind.":
      "从 main 新建 drafting/<id>，按方案类别的模板开始起草。",
    "The plan id: 3 to 64 of a-z, 0-9 and '-'.":
      "方案编号：3 至 64 个 a-z、0-9 或 '-'。",
    "institutional, implementation or pilot.":
      "institutional（制度性文件）、implementation（实施方案）或 pilot（试点方案）。",
    "The plan's title.":
      "方案名称。",
    "Every deadline that has passed: drafting, filing, progress, inspection, rectification, look-back, pilot summary, targets, work plan.":
      "所有已过期的时限：起草、备案、进展报告、督察、整改、回头看、试点总结、量化目标、工作要点。",
    "Print JSON: [{plan, deadline, due, detail}].":
      "输出 JSON：[{plan, deadline, due, detail}]。",
    "Adds a record on the plan's current branch (main once approved).":
      "在方案当前所在分支上增加记录（审定后为 main）。",
    "research, consultation, review, countersign, issuance, filing, progress, inspection, rectification, lookback, pilot-evaluation or adjustment.":
      "记录类别：research（调研）、consultation（论证评估）、review（审核）、countersign（会签）、issuance（印发）、filing（备案）、progress（进展）、inspection（督察）、rectification（整改）、lookback（回头看）、pilot-evaluation（试点评估）或 adjustment（调整）。",
    "The record's date, YYYY-MM-DD (default: the --file's date, else today).":
      "记录日期，YYYY-MM-DD（默认：文件中的日期，否则为今天）。",
    "A top-level field, k=v; v is read as a plain YAML scalar. "
      + "A list field takes one item per --field ({k: v, …} for an item with fields).":
      "顶层字段 k=v；v 按 YAML 普通标量读取。列表字段每个 --field 给出一项（有字段的项写作 {k: v, …}）。",
    "A record file (front matter and body) for lists and nested fields.":
      "记录文件（前置元数据和正文），用于列表和嵌套字段。",
    "The annual assessment data (article 14) per lead unit, as Markdown, JSON, CSV or HTML.":
      "按牵头单位汇总的年度考核数据（第14条），格式为 Markdown、JSON、CSV 或 HTML。",
    "The year (default: this year).":
      "年份（默认：今年）。",
    "Only this lead unit (repeat for several).":
      "只统计此牵头单位（可重复指定多个）。",
    "md, json, csv (UTF-8 with BOM) or html (one self-contained page).":
      "md、json、csv（带 BOM 的 UTF-8）或 html（单个自包含页面）。",
    "Write to this file instead of stdout.":
      "写入此文件，而不是标准输出。",
    "Sets up a clone for the member who owns a key: hooks, signing, user.name/email, local stage branches.":
      "为密钥所属成员配置克隆：钩子、签名、user.name/email、本地阶段分支。",
    "Your private Ed25519 key, whose public half is in the policy on main.":
      "您的 Ed25519 私钥，其公钥须在 main 上的策略中。",
    "Only report whether git here signs as the member who commits (exit 1 on a mismatch).":
      "只检查此处 git 是否以提交成员的身份签名（不一致时退出码为 1）。",
    "Prints a plan as it was: version N, or the version in force on a day (by its final decision).":
      "显示方案当时的样子：第 N 版，或某日现行的版本（以最终决策日期为准）。",
    "The approved version to print.":
      "要显示的已审定版本。",
    "Print the version in force on this day, YYYY-MM-DD.":
      "显示此日现行的版本，YYYY-MM-DD。",
    "One line per plan: stage, version, lead unit, days in stage, next deadline and light (红/黄/绿).":
      "每个方案一行：阶段、版本、牵头单位、本阶段天数、下一个时限和三色预警（红/黄/绿）。",
    "Only plans at this stage.":
      "只显示处于此阶段的方案。",
    "Only plans of this lead unit.":
      "只显示此牵头单位的方案。",
    "Only plans of this special group.":
      "只显示此专项小组的方案。",
    "Only plans with this light: red, yellow or green.":
      "只显示此预警灯的方案：red（红）、yellow（黄）或 green（绿）。",
    "Show the tasks of work-plans/<year>.yaml with their plans.":
      "显示 work-plans/<年份>.yaml 中的任务及其方案。",
    "Print JSON: [{id, title, stage, version, lead_unit, days_in_stage, next_deadline, light, reasons}].":
      "输出 JSON：[{id, title, stage, version, lead_unit, days_in_stage, next_deadline, light, reasons}]。",
    "Moves a plan to the next stage (drafting → consultation → review) if the gates hold.":
      "条件满足时，将方案推进到下一阶段（起草 → 论证评估 → 审核）。",
    "Sends a plan in review back to drafting (a reviewer of its special group).":
      "将审核中的方案退回起草（由其专项小组的审核人操作）。",
    "Opens the next version of an approved plan on drafting/<id>; the approved one stays in force.":
      "在 drafting/<id> 上开启已审定方案的下一版本；已审定的版本继续有效。",
    "Ends a plan's draft (a new plan, or an amendment: the approved version stays in force); "
      + "its branch moves to withdrawn/<id>.":
      "终止方案的草稿（新方案，或修订稿：已审定的版本继续有效）；其分支移至 withdrawn/<id>。",
    "Why; it goes into the commit message.":
      "理由；写入提交说明。",
    "Fetches from the central repository, then publishes your stage moves, commits, merges and tags in one atomic push.":
      "从中心仓库获取更新，然后在一次原子推送中发布您的阶段变更、提交、合并和标签。",
    "Only these plans' stage branches (default: all).":
      "只处理这些方案的阶段分支（默认：全部）。",
    "Clones a central plan repository and sets it up for the member who owns the key (see 'reform setup').":
      "克隆中心方案仓库，并为密钥所属成员完成配置（参见 'reform setup'）。",
    "The central repository: a path, ssh://… or user@host:path.":
      "中心仓库：路径、ssh://… 或 user@host:path。",
    "The folder to clone into (default: the repository's name).":
      "克隆到的文件夹（默认：仓库名）。",
    "Then publish the change to the central repository (reform sync).":
      "然后将更改发布到中心仓库（reform sync）。",
    "Validates plans, records and the policy; prints every problem as path:line: key: message.":
      "校验方案、记录和策略；每个问题显示为 路径:行: 键: 说明。",
    "Files or folders to validate (default: the whole work tree).":
      "要校验的文件或文件夹（默认：整个工作区）。",
    "Validate what is staged for the next commit instead of the work tree.":
      "校验为下次提交暂存的内容，而不是工作区。",
    "Print JSON: {files_checked, problems: [{path, line, key, message}]}.":
      "输出 JSON：{files_checked, problems: [{path, line, key, message}]}。",
    "Checks every commit and version tag on every branch against the policy; lists each violation.":
      "按策略检查每个分支上的每个提交和版本标签；列出每一处违规。",
    "Print JSON: {commits_checked, violations: [{commit, ref, rule, detail}]}.":
      "输出 JSON：{commits_checked, violations: [{commit, ref, rule, detail}]}。",
    "Check only the commits not reachable from this revision (for daily runs).":
      "只检查从此版本不可达的提交（用于每日运行）。",
    "Judge deadlines on this day, YYYY-MM-DD (default: today).":
      "按此日判断时限，YYYY-MM-DD（默认：今天）。",
    "A deadline due within this many days makes the light yellow.":
      "在此天数内到期的时限使预警灯变黄。",
    "The repository to work in (default: the current one).":
      "工作的仓库（默认：当前仓库）。",
    "The private key to sign with (default: $REFORM_SIGNING_KEY, else git's user.signingkey).":
      "签名用的私钥（默认：$REFORM_SIGNING_KEY，否则为 git 的 user.signingkey）。",
    "The new roles, comma-separated: drafter, reviewer, legal, reform-office, approver, inspector, admin.":
      "新的角色，以逗号分隔：drafter（起草人）、reviewer（审核人）、legal（法制审核人）、reform-office（改革办）、approver（审定人）、inspector（督察人）、admin（管理员）。",
  ]
}

/// `english` in the reader's language: its Chinese from `HelpCatalogue` when the locale is
/// Chinese and a wording exists, else as written.
func localized(_ english: String) -> String {
  Language.current == .chinese ? HelpCatalogue.chinese[english] ?? english : english
}

/// The help of an option or argument in the reader's language.
func localized(_ english: String) -> ArgumentHelp {
  ArgumentHelp(localized(english) as String)
}
