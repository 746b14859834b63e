//! Every message of the interface, Russian first. Wording from the source documents where they
//! name a button or a message («Войти», «Выход», «Забыли логин или пароль?»).

use super::Lang;
use serde::{Deserialize, Serialize};

macro_rules! catalogue {
    ($($key:ident => $ru:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Ru => match self { $(Msg::$key => $ru),* },
                    Lang::En => match self { $(Msg::$key => $en),* },
                }
            }

            /// Every message, for the catalogue's own completeness tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];
        }
    };
}

catalogue! {
    AppName => "Парта", "Parta";
    AppTagline => "Электронный дневник и журнал", "School diary and journal";
    SkipToContent => "Перейти к содержанию", "Skip to content";
    LanguageSwitch => "English", "Русский";
    LanguageSwitchLabel => "Switch to English", "Переключить на русский";

    // Sign-in
    SignInTitle => "Вход в Парту", "Sign in to Parta";
    SignInLead => "Войдите с логином и паролем, которые выдали в школе.", "Sign in with the login and password your school gave you.";
    LoginLabel => "Логин", "Login";
    PasswordLabel => "Пароль", "Password";
    SignInButton => "Войти", "Sign in";
    SigningIn => "Входим…", "Signing in…";
    ForgotLink => "Забыли логин или пароль?", "Forgot your login or password?";
    GosuslugiSoon => "Вход через госуслуги появится в ближайшем обновлении.", "Sign-in through Gosuslugi is coming in the next update.";
    SignInEmptyLogin => "Введите логин.", "Enter your login.";
    SignInEmptyPassword => "Введите пароль.", "Enter your password.";
    SignInUnknownLogin => "Пользователь с таким логином не найден. Проверьте логин или обратитесь к администратору школы.", "No user with this login. Check the login or ask your school admin.";
    SignInWrongPassword => "Неверный пароль. Проверьте раскладку клавиатуры и клавишу Caps Lock.", "Wrong password. Check the keyboard layout and Caps Lock.";
    SignInBlocked => "Учётная запись заблокирована. Обратитесь к администратору школы.", "This account is blocked. Please contact your school admin.";
    SignInThrottled => "Слишком много неудачных попыток входа. Повторите через {0} с.", "Too many failed sign-in attempts. Try again in {0} s.";

    // Activation wizard (seed 002)
    ActivationTitle => "Активация учётной записи", "Account activation";
    StepOf => "Шаг {0} из 3", "Step {0} of 3";
    StepPersonal => "Личные данные", "Personal data";
    StepSecurity => "Параметры безопасности", "Security settings";
    StepPassword => "Новый пароль", "New password";
    NextButton => "Далее", "Next";
    DoneButton => "Готово!", "Done!";
    PersonalLead => "Проверьте, правильно ли указаны ваши данные, и нажмите «Далее».", "Check that your data is correct and press «Next».";
    FieldFullName => "ФИО", "Full name";
    FieldSex => "Пол", "Sex";
    SexFemale => "женский", "female";
    SexMale => "мужской", "male";
    FieldBirthDate => "Дата рождения", "Date of birth";
    FieldSnils => "СНИЛС", "SNILS";
    FieldLogin => "Логин", "Login";
    NotSpecified => "не указан", "not given";
    PersonalWrongTitle => "Нашли ошибку?", "Found a mistake?";
    PersonalWrongText => "Исправить личные данные может только администратор школы. Обратитесь к нему или к классному руководителю — после исправления войдите снова.", "Only the school admin can correct personal data. Please contact them or the class teacher, then sign in again.";
    AdminsLabel => "Администраторы школы", "School admins";
    SecurityLead => "Укажите свой адрес электронной почты и номер мобильного телефона. Они понадобятся, чтобы восстановить доступ, если вы забудете логин или пароль.", "Enter your e-mail and mobile number. They let you recover access if you forget your login or password.";
    EmailLabel => "Электронная почта", "E-mail";
    PhoneLabel => "Мобильный телефон", "Mobile phone";
    PasswordLead => "Придумайте постоянный пароль вместо временного и введите его дважды.", "Choose a permanent password instead of the temporary one and type it twice.";
    NewPasswordLabel => "Новый пароль", "New password";
    RepeatPasswordLabel => "Повторите пароль", "Repeat the password";
    PasswordRulesHint => "Не короче 8 символов, буквы и цифры. Пароль не должен содержать логин или дату рождения.", "At least 8 characters, letters and digits, without your login or date of birth.";
    AgreeText => "Я принимаю условия пользовательского соглашения", "I accept the terms of the user agreement";
    ConsentText => "Я даю согласие на обработку моих персональных данных", "I consent to the processing of my personal data";
    ReadDocument => "Прочитать", "Read";
    DoneTitle => "Готово!", "Done!";
    DoneText => "Учётная запись активирована. Мы отправили письмо на {0}: перейдите по ссылке из письма, чтобы подтвердить адрес.", "Your account is active. We sent a message to {0}: follow its link to confirm the address.";
    StartWorking => "Начать работу", "Get started";
    ConfirmEmailTitle => "Подтверждение электронной почты", "E-mail confirmation";
    EmailConfirmed => "Адрес {0} подтверждён. Спасибо!", "The address {0} is confirmed. Thank you!";
    AgreementTitle => "Пользовательское соглашение", "User agreement";
    AgreementBody => "«Парта» — электронный дневник и журнал школы. Учётную запись выдаёт школа; она личная, передавать логин и пароль другим нельзя. Школа отвечает за достоверность учебных данных, пользователь — за сохранность своего пароля и за сообщения, которые он отправляет. Доступ может быть приостановлен администратором школы при нарушении правил.", "Parta is the school's diary and journal. The school issues accounts; they are personal and must not be shared. The school answers for the data it keeps; the user for their password and messages. The school admin may suspend access when rules are broken.";
    ConsentTitle => "Согласие на обработку персональных данных", "Consent to personal data processing";
    ConsentBody => "В соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных» я даю согласие школе на обработку моих персональных данных (ФИО, пол, дата рождения, СНИЛС, адрес электронной почты, номер телефона, сведения об успеваемости и посещаемости) для ведения электронного дневника и журнала. Согласие действует до его отзыва письменным заявлением в школу.", "Under Federal Law 152-FZ I consent to the school processing my personal data (name, sex, date of birth, SNILS, e-mail, phone, marks and attendance) to keep the electronic diary and journal, until I withdraw the consent in writing.";
    DocumentVersion => "Редакция от {0}", "Version of {0}";
    EmailRequired => "Введите адрес электронной почты.", "Enter your e-mail address.";
    EmailFormat => "Проверьте адрес электронной почты: например, ivanova@mail.ru.", "Check the e-mail address, e.g. ivanova@mail.ru.";
    PhoneRequired => "Введите номер мобильного телефона.", "Enter your mobile number.";
    PhoneFormat => "Введите номер в формате +7 xxx xxx-xx-xx.", "Enter the number as +7 xxx xxx-xx-xx.";
    PhoneNotMobile => "Нужен номер мобильного телефона: он начинается с +7 9.", "A mobile number is needed: it starts with +7 9.";
    PasswordRequired => "Придумайте пароль.", "Choose a password.";
    PasswordTooShort => "Пароль должен быть не короче 8 символов.", "The password must be at least 8 characters long.";
    PasswordLettersAndDigits => "В пароле должны быть и буквы, и цифры.", "The password needs both letters and digits.";
    PasswordTrivial => "Этот пароль слишком простой, его легко подобрать. Придумайте другой.", "This password is too easy to guess. Choose another.";
    PasswordHasLogin => "Пароль не должен содержать логин.", "The password must not contain your login.";
    PasswordHasBirthDate => "Пароль не должен содержать дату рождения.", "The password must not contain your date of birth.";
    PasswordMismatch => "Пароли не совпадают.", "The passwords do not match.";
    PasswordSameAsTemporary => "Новый пароль должен отличаться от временного.", "The new password must differ from the temporary one.";
    AgreementRequired => "Чтобы продолжить, примите условия пользовательского соглашения.", "Accept the user agreement to continue.";
    ConsentRequired => "Чтобы продолжить, дайте согласие на обработку персональных данных.", "Give your consent to personal data processing to continue.";
    LinkUnknown => "Ссылка недействительна. Проверьте, что она скопирована из письма целиком.", "This link is not valid. Check that it was copied from the message in full.";
    LinkUsed => "Эта ссылка уже использована.", "This link has already been used.";
    LinkExpired => "Срок действия ссылки истёк. Обратитесь к администратору школы, чтобы получить новое письмо.", "This link has expired. Ask your school admin for a new message.";
    LinkStale => "Адрес электронной почты с тех пор изменился: подтвердите новый адрес по ссылке из последнего письма.", "The e-mail address has changed since: confirm the new one with the link from the latest message.";

    // Outbound messages
    OutboxTitle => "Исходящие сообщения", "Outgoing messages";
    OutboxLead => "Письма и SMS, которые Парта отправляет от имени школы. Если почта или SMS-шлюз не настроены, сообщения сохраняются здесь.", "E-mail and SMS Parta sends on the school's behalf. Without a mail server or SMS gateway they are kept here.";
    OutboxEmpty => "Сообщений пока нет.", "No messages yet.";
    ColTime => "Время (МСК)", "Time (Moscow)";
    ColChannel => "Канал", "Channel";
    ColRecipient => "Кому", "To";
    ColMessage => "Сообщение", "Message";
    ColStatus => "Статус", "Status";
    ChannelEmail => "e-mail", "e-mail";
    ChannelSms => "SMS", "SMS";
    StatusPending => "в очереди", "queued";
    StatusSent => "отправлено", "sent";
    StatusFailed => "не доставлено", "failed";
    StatusKept => "сохранено, отправка не настроена", "kept: sending is not configured";

    // Shell
    SignOut => "Выход", "Sign out";
    RoleSwitchLabel => "Роль", "Role";
    RoleSwitchButton => "Сменить", "Switch";
    MainNav => "Основное меню", "Main menu";
    RoleSchoolAdmin => "Администратор школы", "School admin";
    RoleTeacher => "Учитель", "Teacher";
    RolePupil => "Ученик", "Pupil";
    RoleParent => "Родитель", "Parent";
    RoleRegionOperator => "Оператор региона", "Region operator";

    // Start pages
    NavHome => "Главная", "Home";
    ComingNext => "Скоро здесь", "Coming next";
    AdminTitle => "Школа", "School";
    AdminComing => "Учебный год: периоды, звонки, кабинеты и нагрузка; конструктор расписания.", "The school year: periods, bells, rooms and teaching load; the timetable editor.";
    StatPupils => "Учеников", "Pupils";
    StatTeachers => "Учителей", "Teachers";
    StatParents => "Родителей", "Parents";
    StatClasses => "Классов", "Classes";
    StatSubjects => "Предметов", "Subjects";
    AcademicYear => "Учебный год", "School year";
    ReportingPeriods => "Отчётные периоды", "Reporting periods";
    PeriodQuarter => "{0} четверть", "Quarter {0}";
    PeriodTrimester => "{0} триместр", "Trimester {0}";
    PeriodHalfYear => "{0} полугодие", "Half-year {0}";
    PeriodYear => "Год", "Year";
    ClassesTitle => "Классы", "Classes";
    ClassCol => "Класс", "Class";
    ClassTeacherCol => "Классный руководитель", "Class teacher";
    PupilsCol => "Учеников", "Pupils";
    NotAssigned => "не назначен", "not assigned";
    TeacherTitle => "Мои классы и предметы", "My classes and subjects";
    TeacherComing => "Электронный журнал: оценки и посещаемость по урокам, средний балл, страница урока.", "The journal: marks and attendance per lesson, averages, the lesson page.";
    SubjectCol => "Предмет", "Subject";
    HoursCol => "Часов в неделю", "Lessons a week";
    MyHomeroom => "Классное руководство", "Class teacher of";
    NoAssignments => "Вам пока не назначены классы. Обратитесь к администратору школы.", "You have no classes yet. Please ask your school admin.";
    PupilTitle => "Мой дневник", "My diary";
    PupilComing => "Расписание на сегодня, домашние задания и новые оценки.", "Today's lessons, homework and new marks.";
    MyClass => "Мой класс", "My class";
    TeacherCol => "Учитель", "Teacher";
    ParentTitle => "Мои дети", "My children";
    ParentComing => "Оценки, пропуски, домашние задания и сообщения учителей по каждому ребёнку.", "Marks, absences, homework and teachers' messages for every child.";
    SchoolCol => "Школа", "School";
    LinkConfirmed => "связь подтверждена", "link confirmed";
    LinkPending => "ожидает подтверждения", "awaiting confirmation";
    NoChildren => "К вашей учётной записи пока не привязан ни один ребёнок.", "No child is linked to your account yet.";
    RegionTitle => "Регион", "Region";
    RegionComing => "Настройки входа через госуслуги и заявления на доступ к дневнику.", "Gosuslugi sign-in settings and diary access applications.";
    SchoolsTitle => "Школы региона", "Schools of the region";
    GosuslugiCol => "Вход через госуслуги", "Gosuslugi sign-in";
    Enabled => "включён", "enabled";
    Disabled => "выключен", "disabled";
    InnLabel => "ИНН", "INN";
    OkpoLabel => "ОКПО", "OKPO";
    Loading => "Загрузка…", "Loading…";

    // Errors
    ErrUnauthorized => "Войдите, чтобы продолжить.", "Please sign in to continue.";
    ErrForbidden => "У вас нет доступа к этой странице.", "You have no access to this page.";
    ErrNotFound => "Страница не найдена.", "Page not found.";
    ErrInternal => "Что-то пошло не так. Мы уже знаем об ошибке; попробуйте ещё раз через минуту.", "Something went wrong. We have logged it; please try again in a minute.";
    ErrTransport => "Нет связи с сервером. Проверьте подключение к интернету и повторите.", "No connection to the server. Check your connection and try again.";
    NotFoundTitle => "Страница не найдена", "Page not found";
    NotFoundLead => "Возможно, ссылка устарела или в адресе опечатка.", "The link may be outdated or mistyped.";
    ErrorTitle => "Ошибка", "Error";
    ErrForbiddenTitle => "Нет доступа", "No access";
    BackHome => "На главную", "Go to the start page";

    // Field validation
    SnilsFormat => "СНИЛС состоит из 11 цифр: XXX-XXX-XXX YY.", "SNILS has 11 digits: XXX-XXX-XXX YY.";
    SnilsChecksum => "Контрольное число СНИЛС не совпадает. Проверьте номер.", "The SNILS check number does not match. Please check the number.";

    // People (the school admin's pages)
    PeopleTitle => "Люди", "People";
    AddPerson => "Добавить человека", "Add a person";
    AdminHomeLink => "Школа", "School";
    SearchLabel => "Поиск", "Search";
    SearchPlaceholder => "Фамилия, имя или логин", "Surname, name or login";
    AllRoles => "Все роли", "All roles";
    AllClasses => "Все классы", "All classes";
    FindButton => "Найти", "Find";
    FoundCount => "Найдено: {0}", "Found: {0}";
    NobodyFound => "Никого не нашли. Проверьте написание или уберите часть условий.", "Nobody found. Check the spelling or remove some conditions.";
    RolesCol => "Роли", "Roles";
    AccountCol => "Учётная запись", "Account";
    StateTemporary => "не активирована", "not activated";
    StateActive => "активна", "active";
    StateBlocked => "заблокирована", "blocked";
    Pages => "Страницы", "Pages";
    PageOf => "Страница {0} из {1}", "Page {0} of {1}";
    PrevPage => "← Назад", "← Back";
    NextPage => "Дальше →", "Next →";
    FieldSurname => "Фамилия", "Surname";
    FieldName => "Имя", "Name";
    FieldPatronymic => "Отчество", "Patronymic";
    FieldRole => "Роль", "Role";
    ClassForPupil => "Класс (для ученика)", "Class (for a pupil)";
    ChooseOption => "— выберите —", "— choose —";
    PersonFormHint => "Фамилия, имя, пол и дата рождения обязательны. СНИЛС, почту и телефон можно не указывать: почту и телефон человек укажет сам при первом входе.", "Surname, name, sex and date of birth are required. SNILS, e-mail and phone are optional: the person gives e-mail and phone at the first sign-in.";
    CreateButton => "Создать", "Create";
    SaveButton => "Сохранить", "Save";
    NewParentForChild => "Родитель получит приглашение подтвердить связь с ребёнком в разделе «Безопасность».", "The parent gets an invitation to confirm the link with the child under «Security».";
    SurnameRequired => "Введите фамилию.", "Enter the surname.";
    NameRequired => "Введите имя.", "Enter the name.";
    NameLetters => "Только буквы; дефис, апостроф и пробел — между буквами.", "Letters only; a hyphen, apostrophe or space only between letters.";
    NameTooLong => "Не длиннее 60 символов.", "At most 60 characters.";
    SexRequired => "Выберите пол.", "Choose the sex.";
    BirthDateRequired => "Введите дату рождения.", "Enter the date of birth.";
    BirthDateFormat => "Введите дату в виде ДД.ММ.ГГГГ, например 14.03.2015.", "Enter the date as DD.MM.YYYY, e.g. 14.03.2015.";
    BirthDateFuture => "Дата рождения не может быть в будущем.", "The date of birth cannot be in the future.";
    BirthDateTooOld => "Проверьте год рождения.", "Check the year of birth.";
    PupilAge => "Ученику должно быть от 5 до 21 года. Проверьте дату рождения.", "A pupil must be 5 to 21 years old. Check the date of birth.";
    RoleRequired => "Выберите роль.", "Choose a role.";
    ClassRequired => "Выберите класс ученика.", "Choose the pupil's class.";
    ClassUnknown => "Такого класса в школе нет.", "The school has no such class.";
    DuplicateSnils => "Человек с таким СНИЛС уже есть в Парте. Найдите его в списке или проверьте номер.", "A person with this SNILS is already in Parta. Find them in the list or check the number.";
    DuplicatePerson => "В школе уже есть человек с такими ФИО и датой рождения. Найдите его в списке.", "The school already has a person with this full name and date of birth. Find them in the list.";
    PersonCreated => "Учётная запись создана. Выдайте логин и временный пароль или распечатайте бланк.", "The account is created. Hand out the login and temporary password or print the sheet.";
    PersonSaved => "Изменения сохранены.", "Changes saved.";
    AccountTitle => "Учётная запись", "Account";
    TemporaryPasswordLabel => "Временный пароль", "Temporary password";
    CredentialsHint => "При первом входе человек проверит свои данные, укажет почту и телефон и придумает постоянный пароль. До этого бланк можно распечатать снова.", "At the first sign-in the person checks their data, gives an e-mail and phone and chooses a permanent password. Until then the sheet can be printed again.";
    PrintSheet => "Распечатать бланк", "Print the sheet";
    PrintClassSheets => "Бланки для класса", "Sheets for the class";
    SheetsCol => "Бланки приглашений", "Invitation sheets";
    ResetPassword => "Выдать новый временный пароль", "Issue a new temporary password";
    ResetPasswordHint => "Прежний пароль перестанет действовать, все сеансы завершатся; при входе человек заново пройдёт активацию.", "The old password stops working and all sessions end; the person activates the account again.";
    PasswordResetDone => "Выдан новый временный пароль. Прежний больше не действует.", "A new temporary password is issued. The old one no longer works.";
    ResetBlocked => "Учётная запись заблокирована. Сначала разблокируйте её.", "The account is blocked. Unblock it first.";
    Block => "Заблокировать", "Block";
    Unblock => "Разблокировать", "Unblock";
    CannotBlockSelf => "Нельзя заблокировать собственную учётную запись.", "You cannot block your own account.";
    AddRole => "Добавить роль", "Add a role";
    RevokeRole => "Снять", "Remove";
    RoleNotGrantable => "Эту роль нельзя добавить здесь. Ученика создают с классом через «Добавить человека».", "This role cannot be added here. Pupils are created with a class through «Add a person».";
    RoleAlreadyHeld => "У человека уже есть эта роль.", "The person already has this role.";
    LastRole => "Это единственная роль человека. Чтобы закрыть доступ, заблокируйте учётную запись.", "This is the person's only role. To close access, block the account.";
    CannotRevokeOwnAdmin => "Нельзя снять с себя роль администратора школы.", "You cannot remove your own school admin role.";
    ParentsTitle => "Родители", "Parents";
    ChildrenTitle => "Дети", "Children";
    NoLinks => "Пока никого.", "Nobody yet.";
    LinkDeclined => "приглашение отклонено", "invitation declined";
    AddParent => "Добавить родителя", "Add a parent";
    InviteParentLabel => "Логин или СНИЛС родителя, у которого уже есть учётная запись", "Login or SNILS of a parent who already has an account";
    InviteParent => "Пригласить родителя", "Invite the parent";
    InviteSent => "Приглашение отправлено. Родитель примет его в разделе «Безопасность» своих настроек.", "The invitation is sent. The parent accepts it under «Security» in their settings.";
    ParentWhoRequired => "Введите логин или СНИЛС родителя.", "Enter the parent's login or SNILS.";
    ParentNotFound => "Не нашли учётную запись с таким логином или СНИЛС. Создайте родителя кнопкой «Добавить родителя».", "No account with this login or SNILS. Create the parent with «Add a parent».";
    ParentIsChild => "Ученик не может быть родителем самому себе.", "A pupil cannot be their own parent.";
    InviteOnlyForPupils => "Пригласить родителя можно только к ученику.", "Parents can be invited only to a pupil.";
    AlreadyLinked => "Этот родитель уже связан с ребёнком.", "This parent is already linked to the child.";
    AlreadyInvited => "Приглашение этому родителю уже отправлено и ждёт ответа.", "An invitation to this parent is already waiting for an answer.";
    InvitationMailSubject => "Приглашение в Парте: подтвердите связь с ребёнком", "Parta invitation: confirm the link with your child";
    InvitationMailBody => "Здравствуйте!\n\n{0} приглашает вас подтвердить, что вы родитель ученика. Откройте «Настройки» → «Безопасность» и примите или отклоните приглашение:\n{1}\n\nЕсли вы не родитель этого ученика, просто отклоните приглашение.", "Hello!\n\n{0} invites you to confirm that you are a pupil's parent. Open «Settings» → «Security» and accept or decline:\n{1}\n\nIf you are not this pupil's parent, decline the invitation.";
    Confirmed => "подтверждён", "confirmed";
    NotConfirmed => "не подтверждён", "not confirmed";

    // The invitation sheet (PDF)
    SheetTitle => "Приглашение в Парту", "Invitation to Parta";
    SheetSite => "Адрес", "Address";
    SheetAlreadyActive => "Учётная запись уже активирована: входите со своим паролем.", "The account is already activated: sign in with your own password.";
    SheetPasswordElsewhere => "Временный пароль выдаёт школа, в которой создана ваша учётная запись.", "Your temporary password comes from the school that created your account.";
    SheetStep1 => "1. Откройте адрес в браузере и нажмите «Войти». Введите логин и временный пароль.", "1. Open the address in a browser and press «Sign in». Enter the login and the temporary password.";
    SheetStep2 => "2. «Личные данные»: проверьте их. Если нашли ошибку — обратитесь к администратору школы или классному руководителю.", "2. «Personal data»: check it. If something is wrong, contact the school admin or class teacher.";
    SheetStep3 => "3. «Параметры безопасности»: укажите электронную почту и мобильный телефон — по ним восстанавливается доступ.", "3. «Security settings»: give your e-mail and mobile phone; they let you recover access.";
    SheetStep4 => "4. «Новый пароль»: придумайте постоянный пароль и подтвердите почту по ссылке из письма.", "4. «New password»: choose a permanent password and confirm your e-mail with the link from the letter.";
    SheetKeep => "Храните логин и пароль в тайне и никому их не сообщайте.", "Keep your login and password secret.";

    // Audit log
    AuditTitle => "Журнал изменений", "Change log";
    AuditEmpty => "Записей пока нет.", "No entries yet.";
    AuditWhen => "Когда", "When";
    AuditWho => "Кто", "Who";
    AuditWhat => "Что сделано", "What";
    AuditAbout => "О ком", "About";
    AuditBefore => "Было", "Before";
    AuditAfter => "Стало", "After";
    OlderEntries => "Более ранние записи →", "Older entries →";
    AuditPersonCreate => "Создан человек и учётная запись", "Person and account created";
    AuditPersonUpdate => "Изменены личные данные", "Personal data changed";
    AuditPersonContacts => "Указаны почта и телефон", "E-mail and phone given";
    AuditEmailConfirmed => "Подтверждена почта", "E-mail confirmed";
    AuditActivated => "Учётная запись активирована", "Account activated";
    AuditBlock => "Учётная запись заблокирована", "Account blocked";
    AuditUnblock => "Учётная запись разблокирована", "Account unblocked";
    AuditPasswordReset => "Выдан новый временный пароль", "New temporary password issued";
    AuditLoginChange => "Изменён логин", "Login changed";
    AuditRoleGrant => "Добавлена роль", "Role added";
    AuditRoleRevoke => "Снята роль", "Role removed";
    AuditLinkInvite => "Родителю отправлено приглашение", "Parent invited";
    AuditLinkAccept => "Родитель подтвердил связь с ребёнком", "Parent confirmed the link";
    AuditLinkDecline => "Родитель отклонил приглашение", "Parent declined the invitation";

    // Settings → Security
    SettingsTitle => "Настройки", "Settings";
    SecurityTitle => "Безопасность", "Security";
    InvitationsTitle => "Приглашения", "Invitations";
    NoInvitations => "Новых приглашений нет.", "No new invitations.";
    InvitationText => "{0} приглашает вас подтвердить, что вы родитель: {1}.", "{0} invites you to confirm that you are the parent of {1}.";
    Accept => "Принять", "Accept";
    Decline => "Отклонить", "Decline";
    InvitationAccepted => "Приглашение принято: ребёнок появился в вашем дневнике.", "Invitation accepted: the child is now in your diary.";
    InvitationDeclined => "Приглашение отклонено.", "Invitation declined.";
    NewLoginLabel => "Новый логин", "New login";
    ChangeLoginHint => "Логин можно сменить только один раз: от 3 до 32 латинских букв, цифр, точек, дефисов или подчёркиваний.", "The login can be changed only once: 3 to 32 Latin letters, digits, dots, hyphens or underscores.";
    ChangeLoginButton => "Сменить логин", "Change the login";
    LoginChanged => "Логин изменён. Входите с новым логином.", "Login changed. Sign in with the new login.";
    LoginChangedOnce => "Логин уже был изменён. Сменить его ещё раз может только администратор школы.", "The login was already changed. Only the school admin can change it again.";
    LoginRequired => "Введите новый логин.", "Enter the new login.";
    LoginFormat => "Логин: от 3 до 32 латинских букв, цифр, точек, дефисов или подчёркиваний, начиная с буквы.", "Login: 3 to 32 Latin letters, digits, dots, hyphens or underscores, starting with a letter.";
    LoginTaken => "Этот логин уже занят. Придумайте другой.", "This login is taken. Choose another.";
    LoginSame => "Это ваш текущий логин.", "This is your current login.";
    LoginAlreadyChanged => "Логин уже был изменён один раз.", "The login was already changed once.";

    // Import from a file
    ImportTitle => "Импорт из файла", "Import from a file";
    ImportLead => "Загрузите список класса или всей школы в CSV или XLSX. Сначала Парта проверит каждую строку и покажет ошибки; люди появятся только после кнопки «Импортировать» — все сразу или никто.", "Upload a class or school list as CSV or XLSX. Parta checks every row first and shows the errors; people are created only after «Import» — all of them or none.";
    ImportTemplateTitle => "Шаблон", "Template";
    TemplateXlsx => "Скачать шаблон XLSX", "Download the XLSX template";
    TemplateCsv => "Скачать шаблон CSV", "Download the CSV template";
    ImportColumnsHint => "Столбцы в первой строке, в любом порядке. Обязательны: Фамилия, Имя, Пол (м или ж), Дата рождения (ДД.ММ.ГГГГ), Роль (ученик, родитель, учитель, администратор). Для ученика — Класс (например, 5А). Для родителя в столбце «Ребёнок» — номер строки ребёнка в этом файле или его СНИЛС.", "Columns in the first row, any order. Required: Surname, Name, Sex (м or ж), Date of birth (DD.MM.YYYY), Role. A pupil needs a Class (e.g. 5А). For a parent, «Ребёнок» holds the child's row number in this file or the child's SNILS.";
    ImportUploadTitle => "Загрузить файл", "Upload a file";
    ImportFileLabel => "Файл CSV или XLSX", "CSV or XLSX file";
    ImportNothingUntilConfirmed => "Проверка ничего не меняет: вы увидите результат и подтвердите импорт.", "Checking changes nothing: you see the outcome and confirm the import.";
    ImportCheckButton => "Проверить файл", "Check the file";
    ImportNoFile => "Выберите файл.", "Choose a file.";
    ImportFileType => "Загрузите файл CSV или XLSX.", "Upload a CSV or XLSX file.";
    ImportTooBig => "Файл больше 5 МБ. Разделите его на несколько.", "The file is over 5 MB. Split it into several.";
    ImportTooManyRows => "Не больше 5000 строк за один раз. Разделите файл.", "At most 5,000 rows at a time. Split the file.";
    ImportUnreadable => "Не удалось прочитать файл. Сохраните его заново как XLSX или CSV.", "The file could not be read. Save it again as XLSX or CSV.";
    ImportNoRows => "В файле нет строк с людьми.", "The file has no rows with people.";
    ColSurname => "В первой строке файла нет столбца «Фамилия». Скачайте шаблон и перенесите данные в него.", "The first row has no «Фамилия» column. Download the template.";
    ColName => "В первой строке файла нет столбца «Имя». Скачайте шаблон и перенесите данные в него.", "The first row has no «Имя» column. Download the template.";
    ColPatronymic => "В первой строке файла нет столбца «Отчество».", "The first row has no «Отчество» column.";
    ColSex => "В первой строке файла нет столбца «Пол». Скачайте шаблон и перенесите данные в него.", "The first row has no «Пол» column. Download the template.";
    ColBirthDate => "В первой строке файла нет столбца «Дата рождения». Скачайте шаблон и перенесите данные в него.", "The first row has no «Дата рождения» column. Download the template.";
    ColSnils => "В первой строке файла нет столбца «СНИЛС».", "The first row has no «СНИЛС» column.";
    ColEmail => "В первой строке файла нет столбца «Электронная почта».", "The first row has no «Электронная почта» column.";
    ColPhone => "В первой строке файла нет столбца «Телефон».", "The first row has no «Телефон» column.";
    ColRole => "В первой строке файла нет столбца «Роль». Скачайте шаблон и перенесите данные в него.", "The first row has no «Роль» column. Download the template.";
    ColClass => "В первой строке файла нет столбца «Класс».", "The first row has no «Класс» column.";
    ColChild => "В первой строке файла нет столбца «Ребёнок».", "The first row has no «Ребёнок» column.";
    ImportSexWord => "Укажите «м» или «ж».", "Write «м» or «ж».";
    ImportRoleWord => "Укажите роль: ученик, родитель, учитель или администратор.", "Write the role: ученик, родитель, учитель or администратор.";
    ImportChildOnlyForParents => "Ребёнка указывают только в строке родителя.", "A child is given only in a parent's row.";
    ImportChildNotFound => "Ребёнок не найден: укажите номер строки ученика в этом файле или СНИЛС ученика школы.", "Child not found: give the pupil's row number in this file or the SNILS of a pupil of the school.";
    ImportDuplicateInFile => "Этот человек уже есть в файле выше.", "This person already appears above in the file.";
    ImportRowCol => "Строка", "Row";
    ImportColumnCol => "Столбец", "Column";
    ImportErrorCol => "Что не так", "What is wrong";
    ImportRowLabel => "Строка", "Row";
    ImportHasErrors => "Ошибки в строках: {0}. Ничего не импортировано — исправьте файл и загрузите его снова.", "Rows with errors: {0}. Nothing was imported: correct the file and upload it again.";
    ImportAgain => "Загрузить исправленный файл", "Upload the corrected file";
    ImportReady => "Файл проверен, ошибок нет: {0} чел. Проверьте список и нажмите «Импортировать».", "The file is checked, no errors: {0} people. Check the list and press «Import».";
    ImportPreviewMore => "…и ещё {0} строк.", "…and {0} more rows.";
    ImportStart => "Импортировать", "Import";
    ImportNotReady => "Этот файл уже импортирован или в нём есть ошибки.", "This file was already imported or has errors.";
    ImportRunning => "Импорт идёт: {0} из {1}.", "Importing: {0} of {1}.";
    ImportProgress => "Ход импорта", "Import progress";
    ImportDone => "Импортировано: {0} чел. Логины и временные пароли — в бланках приглашений.", "Imported: {0} people. Logins and temporary passwords are on the invitation sheets.";
    ImportFailed => "Импорт не удался, ничего не изменено. {0}", "The import failed and nothing was changed. {0}";
    AuditImport => "Импорт людей из файла", "People imported from a file";
    // Access recovery (seed 002: «Восстановление доступа»)
    RecoveryTitle => "Восстановление доступа", "Access recovery";
    RecoveryLead => "Выберите, что случилось:", "Choose what happened:";
    RecoveryForgotLogin => "Я не помню логин", "I don't remember my login";
    RecoveryForgotPassword => "Я не помню пароль", "I don't remember my password";
    RecoveryForgotBoth => "Я не помню логин и пароль", "I don't remember my login or password";
    RecoveryViaPhone => "Мне не пришло письмо, восстановить пароль по телефону", "No e-mail came: restore the password by phone";
    RecoveryParentLink => "Родителям: восстановить доступ ребёнка", "Parents: restore a child's access";
    RecoverySelfServiceNote => "Восстановить доступ самостоятельно можно, только если в профиле подтверждены электронная почта и номер телефона. Иначе обратитесь к администратору школы или классному руководителю.", "You can recover access yourself only if your e-mail and phone were confirmed in your profile. Otherwise, ask your school admin or class teacher.";
    RecoveryLoginLead => "Введите адрес электронной почты или номер телефона, дату рождения и символы на картинке и нажмите «Далее». Если дата рождения совпадёт, логин придёт письмом или SMS-сообщением.", "Enter your e-mail or phone number, date of birth and the characters in the picture, then press «Next». If the date of birth matches, your login comes by e-mail or SMS.";
    RecoveryBothLead => "Введите адрес электронной почты или номер телефона, дату рождения и символы на картинке и нажмите «Далее». Если дата рождения совпадёт, придут логин и ссылка для нового пароля (по телефону — код в SMS).", "Enter your e-mail or phone number, date of birth and the characters in the picture, then press «Next». If the date of birth matches, you get your login and a link for a new password (by phone: a code in an SMS).";
    RecoveryPasswordLead => "Впишите свой логин, цифры на картинке и нажмите «Далее». На подтверждённый адрес электронной почты придёт письмо со ссылкой для нового пароля.", "Enter your login and the digits in the picture, then press «Next». A link for a new password goes to your confirmed e-mail.";
    ContactLabel => "Электронная почта или номер телефона", "E-mail or phone number";
    CaptchaLabel => "Символы на картинке", "Characters in the picture";
    CaptchaAlt => "Картинка с пятью цифрами для проверки, что вы не робот. Если её трудно прочитать, выберите «Другая картинка».", "A picture of five digits to check that you are not a robot. If it is hard to read, choose «Another picture».";
    CaptchaRefresh => "Другая картинка", "Another picture";
    CaptchaRequired => "Введите символы с картинки.", "Enter the characters from the picture.";
    CaptchaWrong => "Символы с картинки введены неверно. Введите символы с новой картинки.", "The characters do not match the picture. Enter the ones in the new picture.";
    CaptchaExpired => "Картинка устарела. Введите символы с новой картинки.", "The picture has expired. Enter the characters in the new picture.";
    ContactRequired => "Введите адрес электронной почты или номер телефона.", "Enter your e-mail or phone number.";
    ContactFormat => "Это не похоже ни на адрес электронной почты, ни на номер мобильного телефона.", "This looks like neither an e-mail address nor a mobile number.";
    RecoveryLoginFormat => "Логин пишется без пробелов.", "A login has no spaces.";
    RecoveryNotFound => "Не нашли учётную запись с такими данными. Проверьте адрес или номер телефона и дату рождения.", "No account matches these details. Check the e-mail or phone number and the date of birth.";
    RecoveryUnconfirmed => "Электронная почта или телефон в профиле не подтверждены, поэтому восстановить доступ самостоятельно нельзя. Обратитесь к администратору школы или классному руководителю.", "The e-mail or phone in the profile was not confirmed, so access cannot be recovered on your own. Please ask your school admin or class teacher.";
    RecoveryTooMany => "Слишком много попыток. Подождите час и начните заново или обратитесь к администратору школы.", "Too many attempts. Wait an hour and start again, or ask your school admin.";
    RecoverySentTitle => "Проверьте почту", "Check your mail";
    RecoverySentSmsTitle => "Проверьте SMS", "Check your messages";
    RecoveryLoginSentEmail => "Логин отправлен на вашу электронную почту.", "Your login has been sent to your e-mail.";
    RecoveryLoginSentSms => "Логин отправлен SMS-сообщением на ваш телефон.", "Your login has been sent to your phone by SMS.";
    RecoveryBothSentEmail => "На вашу электронную почту отправлено письмо с логином и ссылкой для нового пароля. Ссылка действует 1 час.", "An e-mail with your login and a link for a new password has been sent. The link is valid for 1 hour.";
    RecoveryResetSent => "Если учётная запись с таким логином есть и её адрес электронной почты подтверждён, на него отправлено письмо со ссылкой для нового пароля. Ссылка действует 1 час.", "If an account with this login exists and its e-mail was confirmed, a link for a new password has been sent there. The link is valid for 1 hour.";
    RecoveryPhoneTitle => "Восстановление по телефону", "Recovery by phone";
    RecoveryPhoneLead => "Впишите недостающие цифры номера телефона, привязанного к учётной записи, и нажмите «Далее». На этот номер придёт код подтверждения.", "Type the missing digits of the phone number linked to the account and press «Next». A confirmation code goes to that number.";
    PhoneDigitsLabel => "Недостающие цифры номера", "Missing digits of the number";
    PhoneDigitsRequired => "Впишите пять недостающих цифр.", "Type the five missing digits.";
    PhoneDigitsFormat => "Нужно ровно пять цифр.", "Exactly five digits are needed.";
    PhoneDigitsWrong => "Цифры не совпадают с номером, привязанным к учётной записи.", "The digits do not match the number linked to the account.";
    RecoveryCodeTitle => "Код из SMS", "Code from the SMS";
    RecoveryCodeLead => "На номер {0} отправлено SMS-сообщение с кодом подтверждения. Введите код и нажмите «Далее». Код действует 10 минут.", "An SMS with a confirmation code has been sent to {0}. Enter the code and press «Next». The code is valid for 10 minutes.";
    SmsCodeLabel => "Код подтверждения", "Confirmation code";
    SmsCodeRequired => "Введите код из SMS.", "Enter the code from the SMS.";
    SmsCodeFormat => "Код состоит из шести цифр.", "The code has six digits.";
    SmsCodeWrong => "Неверный код. Проверьте SMS и попробуйте ещё раз.", "Wrong code. Check the SMS and try again.";
    SmsCodeExpired => "Срок действия кода истёк. Начните восстановление заново.", "The code has expired. Please start again.";
    RecoveryFlowExpired => "Срок действия этой страницы истёк. Начните восстановление заново.", "This page has expired. Please start again.";
    RecoveryFlowUsed => "Этот запрос уже использован. Начните восстановление заново.", "This request has already been used. Please start again.";
    RecoveryResetLead => "Придумайте новый пароль для учётной записи «{0}», введите его дважды и нажмите «Далее».", "Choose a new password for the account «{0}», type it twice and press «Next».";
    ResetLinkExpired => "Срок действия ссылки истёк. Запросите новую на странице «Восстановление доступа».", "This link has expired. Request a new one on the «Access recovery» page.";
    ResetLinkUsed => "Эта ссылка уже использована. Если пароль нужно сменить ещё раз, запросите новую ссылку.", "This link has already been used. Request a new one to change the password again.";
    RecoveryDoneTitle => "Пароль изменён", "Password changed";
    RecoveryDoneText => "Войдите с новым паролем. Все прежние сеансы этой учётной записи завершены.", "Sign in with the new password. All earlier sessions of this account have ended.";
    RecoveryStartAgain => "Начать заново", "Start again";
    BackToSignIn => "Вернуться ко входу", "Back to sign-in";
    ChildAccessTitle => "Доступ детей", "Children's access";
    ChildAccessLead => "Если ребёнок забыл логин или пароль: логин указан здесь, а ссылку для нового пароля мы отправим на вашу подтверждённую электронную почту.", "If your child forgot their login or password: the login is shown here, and a link for a new password goes to your confirmed e-mail.";
    ChildSendLink => "Отправить ссылку для нового пароля", "Send a link for a new password";
    ChildLinkSent => "Ссылка для нового пароля отправлена на {0}. Она действует 1 час.", "A link for a new password has been sent to {0}. It is valid for 1 hour.";
    ParentEmailUnconfirmed => "Ваш адрес электронной почты не подтверждён, поэтому ссылку отправить некуда. Подтвердите адрес или обратитесь к администратору школы.", "Your e-mail is not confirmed, so the link has nowhere to go. Confirm your address or ask your school admin.";
    NoLinkedChildren => "К вашей учётной записи не привязан ни один ребёнок.", "No child is linked to your account.";

    // Timetable import
    TtImportTitle => "Импорт расписания", "Timetable import";
    TtImportLead => "Загрузите расписание из шаблона CSV (или XLSX) или файл программы FET (.fet). Парта сопоставит классы, предметы, кабинеты и учителей школы, покажет, что перенести не удалось, и ничего не изменит до кнопки «Импортировать».", "Upload a timetable from the CSV (or XLSX) template or a FET file (.fet). Parta maps classes, subjects, rooms and the school's teachers, shows what could not be mapped, and changes nothing until «Import».";
    TtImportTemplateCsv => "Шаблон CSV", "CSV template";
    TtImportColumnsHint => "Одна строка — один урок в неделю. Столбцы в первой строке, в любом порядке:", "One row is one lesson a week. Columns in the first row, any order:";
    TtImportColumnsRules => "День — понедельник…суббота (пн…сб или 1–6); Урок — 1–8; Класс — например, 5А; Группа — подгруппа класса или пусто; Учитель — ФИО учителя школы («Иванова Мария Петровна» или «Иванова М. П.»); Кабинет — можно пусто; Недели — все, нечётные или чётные. Новые классы, группы, предметы и кабинеты создаются.", "Day — понедельник…суббота (пн…сб or 1–6); Lesson — 1–8; Class — e.g. 5А; Group — a subgroup of the class or empty; Teacher — the full name of a teacher of the school; Room — may be empty; Weeks — все, нечётные or чётные. New classes, groups, subjects and rooms are created.";
    TtImportFetTitle => "Файл FET", "FET file";
    TtImportFetHint => "Из файла .fet переносятся дни и уроки, классы (годы и группы с названиями вида «5А» или «5a»; группа внутри класса становится подгруппой), предметы, кабинеты, учителя (по ФИО), занятия и их закреплённое время и кабинет. Занятия без времени становятся нагрузкой, и генератор может их расставить.", "From a .fet file Parta takes days and hours, classes (years and groups named like «5А» or «5a»; a group inside a class becomes a subgroup), subjects, rooms, teachers (by full name), activities with their fixed time and room. Activities without a time become teaching load the generator can place.";
    TtImportFileLabel => "Файл .fet, CSV или XLSX", ".fet, CSV or XLSX file";
    TtImportFileType => "Загрузите файл .fet, CSV или XLSX.", "Upload a .fet, CSV or XLSX file.";
    TtImportNotXml => "Файл не читается как XML. Сохраните расписание в FET заново (Файл → Сохранить) и загрузите файл .fet.", "The file cannot be read as XML. Save the timetable in FET again and upload the .fet file.";
    TtImportNotFet => "Это XML, но не файл FET: в нём нет элемента <fet>.", "This is XML but not a FET file: there is no <fet> element.";
    TtImportNoActivities => "В файле FET нет ни одного занятия (Activities_List пуст) — переносить нечего.", "The FET file has no activities (Activities_List is empty): nothing to import.";
    TtImportNoRows => "В файле нет строк с уроками.", "The file has no lesson rows.";
    TtImportCsvColumns => "В первой строке нет нужных столбцов: День, Урок, Класс, Группа, Предмет, Учитель, Кабинет, Недели. Скачайте шаблон.", "The first row lacks the needed columns: День, Урок, Класс, Группа, Предмет, Учитель, Кабинет, Недели. Download the template.";
    TtImportCellRequired => "Заполните это поле.", "Fill in this cell.";
    TtImportDayWord => "Укажите день: понедельник…суббота (или пн…сб, 1–6).", "Write the day: понедельник…суббота (or пн…сб, 1–6).";
    TtImportLessonNumber => "Номер урока — от 1 до 8.", "The lesson number is 1 to 8.";
    TtImportClassName => "Это не название класса: нужна параллель 1–11 и буква, например 5А.", "Not a class name: a grade 1–11 and a letter, e.g. 5А.";
    TtImportWeeksWord => "Укажите недели: все, нечётные или чётные.", "Write the weeks: все, нечётные or чётные.";
    TtImportTeacherUnknown => "Учитель «{0}» не найден среди учителей школы. Проверьте ФИО или добавьте учителя на странице «Люди».", "Teacher «{0}» is not among the school's teachers. Check the name or add the teacher under «People».";
    TtImportTeacherAmbiguous => "ФИО «{0}» подходит нескольким учителям школы — укажите полное ФИО.", "«{0}» fits several teachers of the school: give the full name.";
    TtImportNoYear => "В школе нет учебного года: сначала создайте его.", "The school has no academic year yet: create one first.";
    TtNoteDays => "В файле {0} дн., а в сетке Парты 6 (понедельник–суббота): уроки в дни {1} не получат времени и останутся нагрузкой.", "The file has {0} days and Parta's grid 6 (Monday–Saturday): lessons on {1} get no time and stay as load.";
    TtNoteHours => "В файле {0} уроков в дне, а в сетке Парты 8: уроки на {1} не получат времени и останутся нагрузкой.", "The file has {0} hours a day and Parta's grid 8: lessons at {1} get no time and stay as load.";
    TtNoteStudents => "«{0}» — не класс (нужно название вида «5А») и не группа внутри класса: занятия не перенесены ({1}: {2}).", "«{0}» is not a class (a name like «5А» is needed) nor a group inside one: its activities were not imported ({1}: {2}).";
    TtNoteClassLetter => "«{0}» перенесён как класс {1}.", "«{0}» is imported as class {1}.";
    TtNoteTeacherUnknown => "Учитель «{0}» не найден среди учителей школы (сверка по ФИО): его занятия не перенесены ({1}). Добавьте учителя на странице «Люди» и загрузите файл снова.", "Teacher «{0}» is not among the school's teachers (matched by full name): their activities were not imported ({1}). Add the teacher under «People» and upload the file again.";
    TtNoteTeacherAmbiguous => "«{0}» подходит нескольким учителям школы: занятия не перенесены ({1}). Укажите в файле полное ФИО.", "«{0}» fits several teachers of the school: the activities were not imported ({1}). Give the full name in the file.";
    TtNoteNoTeacher => "Занятия без учителя не перенесены ({0}: {1}).", "Activities without a teacher were not imported ({0}: {1}).";
    TtNoteSeveralTeachers => "Занятия с несколькими учителями ({0}): урок записан за первым учителем, найденным в школе, остальные не перенесены — {1}.", "Activities with several teachers ({0}): the lesson goes to the first teacher found in the school, the others are dropped — {1}.";
    TtNoteDuration => "Занятия длиной больше одного урока ({0}): перенесены как столько же уроков подряд, в нагрузке — столько же часов — {1}.", "Activities longer than one lesson ({0}): imported as that many lessons in a row, and as many hours of load — {1}.";
    TtNoteOutside => "Время вне сетки Парты (понедельник–суббота, уроки 1–8): уроки остались нагрузкой без времени ({0}: {1}).", "Time outside Parta's grid (Monday–Saturday, lessons 1–8): the lessons stay as load without a time ({0}: {1}).";
    TtNoteStream => "Занятия нескольких классов сразу (поток, {0}): урок записан каждому классу в одно время — {1}.", "Activities of several classes at once (a stream, {0}): each class gets the lesson at the same time — {1}.";
    TtNoteInactive => "Выключенные в FET занятия не перенесены ({0}: {1}).", "Activities switched off in FET were not imported ({0}: {1}).";
    TtNoteConstraints => "Ограничения FET, которым нет места в Парте, не перенесены: {0}.", "FET constraints Parta has no place for were not imported: {0}.";
    TtNoteUnplaced => "{0} ур. в неделю без закреплённого времени станут нагрузкой учителей. Генератор может расставить их при импорте — в классах, у которых в файле нет уроков со временем.", "{0} lessons a week without a fixed time become teaching load. The generator can place them on import, in classes that have no timed lessons in the file.";
    TtClashTeacher => "Накладка: учитель {0} — {1}, уроки сразу в {2} и {3}.", "Clash: teacher {0} — {1}, lessons in {2} and {3} at once.";
    TtClashClass => "Накладка: у класса {0} — {1} два урока сразу: «{2}» и «{3}».", "Clash: class {0} — {1} has two lessons at once: «{2}» and «{3}».";
    TtClashRoom => "Накладка: кабинет {0} — {1} занят сразу классами {2} и {3}.", "Clash: room {0} — {1} is taken by {2} and {3} at once.";
    TtGeneratedClash => "Генератор расставил уроки, но они пересекаются с уроками других классов.", "The generator placed the lessons, but they clash with other classes' lessons.";
    TtImportHasProblems => "Найдено ошибок и накладок: {0}. Ничего не импортировано — исправьте файл и загрузите его снова.", "Errors and clashes found: {0}. Nothing was imported: correct the file and upload it again.";
    TtImportReady => "Файл проверен, накладок нет. Проверьте, что будет перенесено, и нажмите «Импортировать».", "The file is checked, no clashes. Check what will be imported and press «Import».";
    TtImportCounts => "Будет перенесено", "To be imported";
    TtCountClasses => "Классы", "Classes";
    TtCountSubjects => "Предметы", "Subjects";
    TtCountTeachers => "Учителя", "Teachers";
    TtCountRooms => "Кабинеты", "Rooms";
    TtCountLessons => "Уроков в неделю", "Lessons a week";
    TtCountPlaced => "Из них со временем", "Of them with a time";
    TtCountNew => "новых: {0}", "new: {0}";
    TtImportReportTitle => "Что не удалось перенести или перенесено иначе", "What could not be mapped or was mapped differently";
    TtImportReportEmpty => "Всё сопоставлено.", "Everything was mapped.";
    TtImportGenerate => "Расставить уроки без времени генератором расписания", "Place the lessons without a time with the timetable generator";
    TtImportReplaceHint => "Уроки классов из файла заменят их нынешнее расписание на неделю; расписание других классов не меняется.", "The file's classes get the file's week instead of their current one; other classes keep theirs.";
    TtImportDone => "Расписание импортировано: классов — {0}, уроков в неделю — {1}.", "The timetable is imported: {0} classes, {1} lessons a week.";
    AuditTimetableImport => "Импорт расписания", "Timetable import";
}
