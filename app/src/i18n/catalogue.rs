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
    AdminComing => "Управление людьми и учётными записями, импорт классов, учебный год и конструктор расписания.", "People and accounts, class import, the school year and the timetable editor.";
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
    BirthDateRequired => "Введите дату рождения.", "Enter your date of birth.";
    BirthDateFormat => "Введите дату рождения в виде ДД.ММ.ГГГГ.", "Enter the date of birth as DD.MM.YYYY.";
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
}
