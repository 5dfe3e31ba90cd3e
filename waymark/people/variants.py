"""Spellings of one name that are the same name: transliterations and respellings, and the short forms
people give for their names. Each group's first spelling is the one it is folded to.

The groups come from how the names are written in the referrals partnerships see (DOMAIN.md, the
nationalities of people referred to the NRM: Albanian, Vietnamese, Eritrean, Sudanese, Romanian,
Polish, Chinese, Nigerian and British people among the most common), and from the standard
romanisation schemes: Arabic names have no single English spelling (the vowels are not written, and
"kh", "q", "dh" and doubled letters are rendered differently); Tigrinya and Amharic names come through
Ge'ez script with the same freedom; Chinese family names are written in Pinyin, Wade-Giles or their
Cantonese forms (Zhang, Chang, Cheung); Vietnamese, Albanian, Polish and Romanian names lose their
diacritics on English forms. The English short forms are the common ones in UK use.

Spellings are folded (waymark.people.normalise.fold) before they are looked up, so accents and case
do not matter here. Keep each group to spellings of one name: a wrong group makes different people
look alike.
"""

from __future__ import annotations

GROUPS: list[list[str]] = [
    # Arabic (Sudanese, Syrian, Iraqi, Egyptian, North African) given and family names
    ["muhammad", "mohammed", "mohamed", "mohammad", "mohamad", "muhammed", "mohamud", "mahamed", "mohd", "mo"],
    ["ahmed", "ahmad", "ahmet", "ahmat"],
    ["abdelrahman", "abdulrahman", "abdurrahman", "abdalrahman", "abderrahman", "abdo"],
    ["abdullah", "abdalla", "abdallah", "abdulla", "abdellah"],
    ["abdulaziz", "abdelaziz", "abdalaziz"],
    ["osman", "othman", "usman", "uthman", "osmane"],
    ["hussein", "hussain", "husein", "hossein", "husain", "houssein"],
    ["yusuf", "yousif", "yousef", "youssef", "yosef", "yousuf", "yussuf"],
    ["ibrahim", "ebrahim", "ibrahem", "ibraheem"],
    ["omar", "omer", "umar", "umer"],
    ["khalid", "khaled", "kaled"],
    ["mustafa", "mustapha", "mostafa", "moustafa"],
    ["hassan", "hasan", "hasen"],
    ["hamid", "hameed", "hamed"],
    ["ismail", "ismael", "esmail", "ismaeel"],
    ["suleiman", "sulaiman", "sleiman", "soliman", "suliman", "solomon"],
    ["yahya", "yahia", "yehia", "yahiya"],
    ["mahmoud", "mahmood", "mahmud", "mehmood"],
    ["idris", "idriss", "edris"],
    ["musa", "mousa", "moussa", "moses"],
    ["tariq", "tarig", "tarek", "tarik"],
    ["bashir", "basheer", "bachir"],
    ["fatima", "fatma", "fatimah", "fatuma"],
    ["aisha", "aysha", "aicha", "ayesha", "aishah"],
    ["khadija", "khadijah", "kadija", "khadidja"],
    ["zainab", "zeinab", "zaynab", "zenab"],
    ["maryam", "mariam", "miriam", "meryem"],
    ["amna", "amina", "aminah"],
    ["huda", "houda", "hoda"],
    # Tigrinya and Amharic (Eritrean, Ethiopian)
    ["yohannes", "yohanes", "johannes", "yohanness", "john", "jon"],
    ["tesfay", "tesfaye", "tesfai", "tesfa"],
    ["ghebremedhin", "gebremedhin", "ghebremedin", "gebremedin"],
    ["ghebre", "gebre", "gebray"],
    ["tekle", "tekleh", "teklay", "tecle"],
    ["haile", "hayle", "hailu"],
    ["mebrahtu", "mebrahtom", "mebratu"],
    ["biniam", "biniyam", "binyam", "binyamin", "benjamin", "ben"],
    ["yordanos", "yordanose", "jordanos"],
    ["dawit", "dawitt", "david", "dave"],
    ["semere", "semeré", "semre"],
    ["kidane", "kidan", "kidanemariam"],
    ["berhane", "berhe", "birhane", "berihun"],
    ["selam", "salam", "selamawit"],
    ["tsega", "tsegay", "tsegaye"],
    # Chinese family names: Pinyin, Wade-Giles, Cantonese
    ["zhang", "chang", "cheung", "cheong"],
    ["zhou", "chou", "chow", "chau"],
    ["xu", "hsu", "hui", "tsui"],
    ["li", "lee", "lei", "lai"],
    ["wang", "wong", "vong"],
    ["chen", "chan", "chin"],
    ["huang", "hwang"],
    ["liu", "lau", "lew"],
    ["zhao", "chao", "chiu"],
    ["wu", "ng", "woo"],
    ["lin", "lam", "lim"],
    ["yang", "yeung"],
    ["zheng", "cheng"],
    ["guo", "kuo", "kwok"],
    # Vietnamese (after folding; the common respellings of the commonest names)
    ["nguyen", "nguyn", "ngyuen", "nguen", "nguyem", "nyugen"],
    ["huynh", "hunh"],
    ["vu", "voo"],
    # Albanian
    ["aleksander", "alexander", "aleks", "alex", "sandri", "sasha"],
    ["xhesika", "jessica", "jess"],
    ["krasniqi", "krasniqui", "krasnici", "krasniki"],
    ["hoxha", "hodja", "hoxa", "hoca", "hodza"],
    ["cela", "chela"],
    ["gjoka", "gjoca", "djoka"],
    # Polish and Romanian
    ["wisniewski", "vishnevsky", "wisnewski", "visnevski"],
    ["wojcik", "voycik", "woycik", "vojcik"],
    ["jakub", "kuba", "jacob", "jakob"],
    ["malgorzata", "gosia", "margaret", "maggie", "meg"],
    ["katarzyna", "kasia", "katherine", "catherine", "kate", "katie", "cathy"],
    ["aleksandra", "ola", "alexandra"],
    ["gheorghe", "george", "gigi", "jorge"],
    ["ioan", "ion", "ionut", "ioannis"],
    ["mihai", "mihaita", "michael", "mike", "mick", "mihail", "mikhail"],
    ["stefan", "stephen", "steven", "steve", "stefanos"],
    # Nigerian (Yoruba and Igbo) short forms
    ["oluwaseun", "seun"],
    ["oluwatobi", "tobi"],
    ["chukwuemeka", "emeka"],
    ["ngozi", "ngozika"],
    # English short forms in common UK use
    ["william", "bill", "will", "billy", "liam"],
    ["robert", "bob", "rob", "bobby", "robbie"],
    ["elizabeth", "liz", "beth", "lizzie", "betty", "eliza"],
    ["james", "jim", "jamie", "jimmy"],
    ["thomas", "tom", "tommy"],
    ["daniel", "dan", "danny"],
    ["christopher", "chris", "kit"],
    ["jonathan", "jonny"],
    ["rebecca", "becky", "becca"],
    ["jennifer", "jen", "jenny"],
    ["samuel", "sam", "sammy"],
    ["samantha", "sammie"],
    ["edward", "ed", "ted", "eddie", "ned"],
    ["richard", "rick", "richie", "dick"],
    ["anthony", "tony", "antony"],
    ["matthew", "matt"],
    ["andrew", "andy", "drew"],
    ["nicholas", "nick", "nicky"],
    ["patricia", "pat", "trish", "patty"],
    ["susan", "sue", "susie"],
    ["deborah", "debbie", "deb"],
    ["victoria", "vicky", "tori"],
    ["abigail", "abby", "abbie"],
    ["charlotte", "charlie", "lottie"],
    ["oliver", "ollie"],
    ["henry", "harry", "hal"],
    ["peter", "pete"],
    ["gregory", "greg"],
    ["timothy", "tim"],
    ["kenneth", "ken", "kenny"],
    ["ronald", "ron", "ronnie"],
    ["donald", "don", "donny"],
    ["jacqueline", "jackie"],
    ["amanda", "mandy"],
    ["kimberley", "kimberly", "kim"],
    ["natalie", "nat"],
    ["nathan", "nate"],
    ["zachary", "zac", "zack"],
    ["emmanuel", "manny", "emanuel", "immanuel"],
]


def _index() -> dict[str, str]:
    canonical: dict[str, str] = {}
    for group in GROUPS:
        for spelling in group:
            canonical.setdefault(spelling, group[0])  # a spelling in two groups keeps its first
    return canonical


CANONICAL: dict[str, str] = _index()
