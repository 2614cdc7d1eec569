#include "demo/demo_names.h"

#include <array>

namespace salesdesk::demo::internal {
namespace {

using R = Region;

// The 50 commonest surnames with rough frequencies in percent (2020 census reports).
constexpr Surname kSurnames[] = {
    {"王", "wang", 7.1},  {"李", "li", 7.0},    {"张", "zhang", 6.7}, {"刘", "liu", 5.4},
    {"陈", "chen", 4.5},  {"杨", "yang", 3.1},  {"黄", "huang", 2.1}, {"赵", "zhao", 2.0},
    {"吴", "wu", 1.9},    {"周", "zhou", 1.9},  {"徐", "xu", 1.4},    {"孙", "sun", 1.4},
    {"马", "ma", 1.3},    {"朱", "zhu", 1.2},   {"胡", "hu", 1.2},    {"郭", "guo", 1.1},
    {"何", "he", 1.1},    {"林", "lin", 1.0},   {"罗", "luo", 0.9},   {"高", "gao", 0.9},
    {"郑", "zheng", 0.8}, {"梁", "liang", 0.7}, {"谢", "xie", 0.7},   {"宋", "song", 0.6},
    {"唐", "tang", 0.6},  {"许", "xu", 0.6},    {"韩", "han", 0.6},   {"冯", "feng", 0.5},
    {"邓", "deng", 0.5},  {"曹", "cao", 0.5},   {"彭", "peng", 0.5},  {"曾", "zeng", 0.5},
    {"肖", "xiao", 0.5},  {"田", "tian", 0.4},  {"董", "dong", 0.4},  {"潘", "pan", 0.4},
    {"袁", "yuan", 0.4},  {"蔡", "cai", 0.4},   {"蒋", "jiang", 0.4}, {"余", "yu", 0.4},
    {"于", "yu", 0.4},    {"杜", "du", 0.3},    {"叶", "ye", 0.3},    {"程", "cheng", 0.3},
    {"魏", "wei", 0.3},   {"苏", "su", 0.3},    {"吕", "lv", 0.3},    {"丁", "ding", 0.3},
    {"任", "ren", 0.3},   {"沈", "shen", 0.3},
};

constexpr Hanzi kGivenNames[] = {
    {"伟", "wei"},       {"芳", "fang"},       {"娜", "na"},         {"敏", "min"},
    {"静", "jing"},      {"丽", "li"},         {"强", "qiang"},      {"磊", "lei"},
    {"军", "jun"},       {"洋", "yang"},       {"勇", "yong"},       {"艳", "yan"},
    {"杰", "jie"},       {"娟", "juan"},       {"涛", "tao"},        {"明", "ming"},
    {"超", "chao"},      {"霞", "xia"},        {"平", "ping"},       {"刚", "gang"},
    {"斌", "bin"},       {"鹏", "peng"},       {"浩", "hao"},        {"婷", "ting"},
    {"雪", "xue"},       {"琳", "lin"},        {"颖", "ying"},       {"晨", "chen"},
    {"凯", "kai"},       {"博", "bo"},         {"志强", "zhiqiang"}, {"建华", "jianhua"},
    {"秀英", "xiuying"}, {"晓明", "xiaoming"}, {"海燕", "haiyan"},   {"国强", "guoqiang"},
    {"丽娟", "lijuan"},  {"文博", "wenbo"},    {"子涵", "zihan"},    {"雨轩", "yuxuan"},
    {"思远", "siyuan"},  {"佳怡", "jiayi"},    {"俊杰", "junjie"},   {"欣怡", "xinyi"},
    {"宇航", "yuhang"},  {"晓峰", "xiaofeng"}, {"春梅", "chunmei"},  {"建国", "jianguo"},
    {"海涛", "haitao"},  {"明辉", "minghui"},  {"嘉欣", "jiaxin"},   {"天宇", "tianyu"},
    {"雅琴", "yaqin"},   {"振华", "zhenhua"},  {"立新", "lixin"},    {"红梅", "hongmei"},
    {"德胜", "desheng"}, {"永刚", "yonggang"}, {"文静", "wenjing"},  {"晓燕", "xiaoyan"},
    {"浩然", "haoran"},  {"一鸣", "yiming"},   {"梦瑶", "mengyao"},  {"家豪", "jiahao"},
    {"志刚", "zhigang"}, {"慧敏", "huimin"},   {"少华", "shaohua"},  {"玉兰", "yulan"},
    {"学军", "xuejun"},  {"雪梅", "xuemei"},
};

constexpr std::string_view kFirstNames[] = {
    "James",   "Michael", "Robert", "David", "William", "Richard", "Thomas", "Daniel",
    "Matthew", "Andrew",  "Emily",  "Sarah", "Jessica", "Laura",   "Emma",   "Olivia",
    "Sophie",  "Hannah",  "Rachel", "Anna",  "Oliver",  "Jack",    "Lucas",  "Benjamin",
    "Samuel",  "Chloe",   "Grace",  "Megan", "Kate",    "Lisa",    "Peter",  "Mark",
};

constexpr std::string_view kLastNames[] = {
    "Smith",  "Johnson",  "Williams", "Brown",   "Jones",  "Miller",   "Davis",    "Wilson",
    "Taylor", "Anderson", "Thomas",   "Moore",   "Martin", "Clark",    "Lewis",    "Walker",
    "Hall",   "Young",    "King",     "Wright",  "Scott",  "Green",    "Baker",    "Adams",
    "Nelson", "Carter",   "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker",
    "Evans",  "Edwards",  "Collins",  "Stewart", "Morris", "Murphy",   "Cook",     "Rogers",
};

constexpr Hanzi kBrands[] = {
    {"恒通", "hengtong"},  {"华兴", "huaxing"},    {"宏达", "hongda"},  {"鑫源", "xinyuan"},
    {"金泰", "jintai"},    {"永盛", "yongsheng"},  {"天瑞", "tianrui"}, {"新宇", "xinyu"},
    {"盛世", "shengshi"},  {"德信", "dexin"},      {"博远", "boyuan"},  {"凯旋", "kaixuan"},
    {"瑞丰", "ruifeng"},   {"海纳", "haina"},      {"嘉禾", "jiahe"},   {"顺发", "shunfa"},
    {"鼎盛", "dingsheng"}, {"利达", "lida"},       {"通达", "tongda"},  {"众诚", "zhongcheng"},
    {"兴隆", "xinglong"},  {"昌盛", "changsheng"}, {"泰和", "taihe"},   {"宝丰", "baofeng"},
    {"腾飞", "tengfei"},   {"振兴", "zhenxing"},   {"万通", "wantong"}, {"裕华", "yuhua"},
    {"恒昌", "hengchang"}, {"金鹏", "jinpeng"},    {"飞达", "feida"},   {"宏远", "hongyuan"},
    {"卓越", "zhuoyue"},   {"精诚", "jingcheng"},  {"冠华", "guanhua"}, {"晟达", "shengda"},
    {"远航", "yuanhang"},  {"同创", "tongchuang"}, {"启航", "qihang"},  {"富源", "fuyuan"},
};

constexpr std::string_view kCompanyWords[] = {
    "Northfield",  "Summit",     "Keystone",   "Redwood",  "Harbor",    "Pioneer",
    "Atlas",       "Granite",    "Sterling",   "Meridian", "Evergreen", "Ironbridge",
    "Bluewater",   "Crestline",  "Lakeshore",  "Frontier", "Beacon",    "Riverside",
    "Oakridge",    "Silverline", "Westgate",   "Highland", "Pinecrest", "Brightwater",
    "Stonebridge", "Fairview",   "Clearwater", "Ridgeway", "Maplewood", "Horizon",
};

constexpr Industry kIndustries[] = {
    {"汽车零部件 Automotive parts", "汽车零部件", "Automotive Components"},
    {"电子电器 Electronics", "电子科技", "Electronics"},
    {"机械制造 Machinery", "机械制造", "Machine Works"},
    {"化工 Chemicals", "化工", "Chemicals"},
    {"食品饮料 Food & beverage", "食品", "Foods"},
    {"建筑工程 Construction", "建设工程", "Construction"},
    {"能源电力 Energy & power", "能源", "Energy"},
    {"物流仓储 Logistics", "物流", "Logistics"},
    {"医药 Pharmaceuticals", "制药", "Pharma"},
    {"纺织服装 Textiles", "纺织", "Textiles"},
    {"金属加工 Metalworking", "金属制品", "Metalworks"},
    {"新能源 New energy", "新能源科技", "Renewables"},
    {"塑料橡胶 Plastics & rubber", "塑胶制品", "Plastics"},
    {"造纸包装 Paper & packaging", "包装材料", "Packaging"},
};

constexpr Category kCategories[] = {
    {"刀具", "Cutting tools"},
    {"轴承传动", "Bearings & drives"},
    {"气动液压", "Pneumatics & hydraulics"},
    {"电气自动化", "Electrical & automation"},
    {"劳保安全", "Safety & PPE"},
    {"润滑油品", "Lubricants"},
    {"紧固件", "Fasteners"},
    {"仓储搬运", "Storage & handling"},
    {"测量仪器", "Measuring instruments"},
};

// List prices in CNY, roughly what industrial distributors in China charged in 2024.
constexpr CatalogueItem kCatalogue[] = {
    {"HR-CT-001", "硬质合金立铣刀 D10", "Carbide end mill D10", 0, 180.00, 3.0},
    {"HR-CT-002", "数控车刀片(10片)", "CNC turning inserts (10 pcs)", 0, 420.00, 3.0},
    {"HR-CT-003", "高速钢钻头套装", "HSS drill set", 0, 260.00, 2.0},
    {"HR-CT-004", "机用丝锥套装", "Machine tap set", 0, 320.00, 1.5},
    {"HR-BT-001", "深沟球轴承 6205", "Deep groove ball bearing 6205", 1, 28.50, 3.0},
    {"HR-BT-002", "圆锥滚子轴承 32210", "Tapered roller bearing 32210", 1, 96.00, 2.0},
    {"HR-BT-003", "工业同步带", "Industrial timing belt", 1, 85.00, 1.5},
    {"HR-BT-004", "减速电机 0.75kW", "Geared motor 0.75 kW", 1, 2380.00, 1.0},
    {"HR-PN-001", "标准气缸 D63", "Pneumatic cylinder D63", 2, 460.00, 2.0},
    {"HR-PN-002", "二位五通电磁阀", "5/2 solenoid valve", 2, 310.00, 2.0},
    {"HR-PN-003", "液压齿轮泵", "Hydraulic gear pump", 2, 3200.00, 0.8},
    {"HR-PN-004", "螺杆空压机 22kW", "Screw air compressor 22 kW", 2, 48500.00, 0.3},
    {"HR-EA-001", "PLC 控制器", "PLC controller", 3, 5600.00, 0.8},
    {"HR-EA-002", "变频器 7.5kW", "Frequency inverter 7.5 kW", 3, 3150.00, 1.0},
    {"HR-EA-003", "电感式接近开关", "Inductive proximity sensor", 3, 68.00, 2.5},
    {"HR-EA-004", "伺服电机套装 1kW", "Servo motor kit 1 kW", 3, 6900.00, 0.6},
    {"HR-EA-005", "小型断路器", "Miniature circuit breaker", 3, 145.00, 2.0},
    {"HR-SF-001", "防割手套(12双)", "Cut-resistant gloves (12 pairs)", 4, 96.00, 3.0},
    {"HR-SF-002", "安全帽", "Safety helmet", 4, 45.00, 2.0},
    {"HR-SF-003", "防护眼镜", "Safety goggles", 4, 32.00, 2.0},
    {"HR-SF-004", "劳保安全鞋", "Safety shoes", 4, 268.00, 1.5},
    {"HR-LB-001", "工业齿轮油 18L", "Industrial gear oil 18 L", 5, 620.00, 2.0},
    {"HR-LB-002", "抗磨液压油 200L", "Anti-wear hydraulic oil 200 L", 5, 4350.00, 1.0},
    {"HR-LB-003", "锂基润滑脂 15kg", "Lithium grease 15 kg", 5, 480.00, 1.5},
    {"HR-FS-001", "不锈钢螺栓 M10(100件)", "Stainless bolts M10 (100 pcs)", 6, 135.00, 2.5},
    {"HR-FS-002", "膨胀螺栓(50件)", "Anchor bolts (50 pcs)", 6, 88.00, 2.0},
    {"HR-SH-001", "重型货架", "Heavy-duty pallet rack", 7, 1850.00, 0.8},
    {"HR-SH-002", "手动液压搬运车", "Hand pallet truck", 7, 1280.00, 0.8},
    {"HR-SH-003", "塑料周转箱(10个)", "Plastic tote bins (10 pcs)", 7, 210.00, 1.5},
    {"HR-MS-001", "数显卡尺", "Digital caliper", 8, 390.00, 1.2},
    {"HR-MS-002", "红外测温仪", "Infrared thermometer", 8, 560.00, 1.0},
    {"HR-MS-003", "激光测距仪", "Laser distance meter", 8, 720.00, 0.8},
};

constexpr RegionInfo kRegions[] = {
    {R::kEast, "East", "华东区 East China", "华东", "East"},
    {R::kNorth, "North", "华北区 North China", "华北", "North"},
    {R::kSouth, "South", "华南区 South China", "华南", "South"},
    {R::kWest, "West", "西部区 West China", "西部", "West"},
    {R::kInternational, "International", "国际部 International", "国际", "International"},
};

// GeoNames admin1 codes of China and the demo company's sales region of each province.
constexpr Province kProvinces[] = {
    {"01", "安徽", "Anhui", R::kEast},
    {"02", "浙江", "Zhejiang", R::kEast},
    {"03", "江西", "Jiangxi", R::kSouth},
    {"04", "江苏", "Jiangsu", R::kEast},
    {"05", "吉林", "Jilin", R::kNorth},
    {"06", "青海", "Qinghai", R::kWest},
    {"07", "福建", "Fujian", R::kSouth},
    {"08", "黑龙江", "Heilongjiang", R::kNorth},
    {"09", "河南", "Henan", R::kNorth},
    {"10", "河北", "Hebei", R::kNorth},
    {"11", "湖南", "Hunan", R::kSouth},
    {"12", "湖北", "Hubei", R::kSouth},
    {"13", "新疆", "Xinjiang", R::kWest},
    {"14", "西藏", "Tibet", R::kWest},
    {"15", "甘肃", "Gansu", R::kWest},
    {"16", "广西", "Guangxi", R::kSouth},
    {"18", "贵州", "Guizhou", R::kWest},
    {"19", "辽宁", "Liaoning", R::kNorth},
    {"20", "内蒙古", "Inner Mongolia", R::kNorth},
    {"21", "宁夏", "Ningxia", R::kWest},
    {"22", "北京", "Beijing", R::kNorth},
    {"23", "上海", "Shanghai", R::kEast},
    {"24", "山西", "Shanxi", R::kNorth},
    {"25", "山东", "Shandong", R::kEast},
    {"26", "陕西", "Shaanxi", R::kWest},
    {"28", "天津", "Tianjin", R::kNorth},
    {"29", "云南", "Yunnan", R::kWest},
    {"30", "广东", "Guangdong", R::kSouth},
    {"31", "海南", "Hainan", R::kSouth},
    {"32", "四川", "Sichuan", R::kWest},
    {"33", "重庆", "Chongqing", R::kWest},
};

struct CityName {
  std::string_view name;
  std::string_view admin;
  std::string_view zh;
};

// Chinese names of the larger CN places in data/cities.csv (GeoNames name, admin1 code).
constexpr CityName kCityNames[] = {
    {"Shanghai", "23", "上海"},       {"Beijing", "22", "北京"},
    {"Tianjin", "28", "天津"},        {"Guangzhou", "30", "广州"},
    {"Shenzhen", "30", "深圳"},       {"Wuhan", "12", "武汉"},
    {"Dongguan", "30", "东莞"},       {"Chongqing", "33", "重庆"},
    {"Chengdu", "32", "成都"},        {"Nanjing", "04", "南京"},
    {"Nanchong", "32", "南充"},       {"Xi’an", "26", "西安"},
    {"Shenyang", "19", "沈阳"},       {"Hangzhou", "02", "杭州"},
    {"Harbin", "08", "哈尔滨"},       {"Tai’an", "25", "泰安"},
    {"Suzhou", "04", "苏州"},         {"Shantou", "30", "汕头"},
    {"Jinan", "25", "济南"},          {"Zhengzhou", "09", "郑州"},
    {"Changchun", "05", "长春"},      {"Dalian", "19", "大连"},
    {"Kunming", "29", "昆明"},        {"Qingdao", "25", "青岛"},
    {"Foshan", "30", "佛山"},         {"Wuxi", "04", "无锡"},
    {"Xiamen", "07", "厦门"},         {"Tianshui", "15", "天水"},
    {"Ningbo", "02", "宁波"},         {"Shiyan", "12", "十堰"},
    {"Taiyuan", "24", "太原"},        {"Tangshan", "10", "唐山"},
    {"Hefei", "01", "合肥"},          {"Zibo", "25", "淄博"},
    {"Zhongshan", "30", "中山"},      {"Changsha", "11", "长沙"},
    {"Ürümqi", "13", "乌鲁木齐"},     {"Shijiazhuang", "10", "石家庄"},
    {"Lanzhou", "15", "兰州"},        {"Yunfu", "30", "云浮"},
    {"Nanchang", "03", "南昌"},       {"Ordos", "20", "鄂尔多斯"},
    {"Jilin", "05", "吉林"},          {"Bayan Nur", "20", "巴彦淖尔"},
    {"Kunshan", "04", "昆山"},        {"Xinyang", "09", "信阳"},
    {"Fushun", "19", "抚顺"},         {"Luoyang", "09", "洛阳"},
    {"Handan", "10", "邯郸"},         {"Baotou", "20", "包头"},
    {"Xuchang", "09", "许昌"},        {"Yueyang", "11", "岳阳"},
    {"Anshan", "19", "鞍山"},         {"Tongshan", "04", "铜山"},
    {"Fuzhou", "07", "福州"},         {"Guiyang", "18", "贵阳"},
    {"Lijiang", "29", "丽江"},        {"Datong", "24", "大同"},
    {"Changshu City", "04", "常熟"},  {"Xianyang", "26", "咸阳"},
    {"Huainan", "01", "淮南"},        {"Jieyang", "30", "揭阳"},
    {"Zhu Cheng City", "25", "诸城"}, {"Baoding", "10", "保定"},
    {"Benxi", "19", "本溪"},          {"Changzhou", "04", "常州"},
    {"Huaibei", "01", "淮北"},        {"Kaifeng", "09", "开封"},
    {"Pingdingshan", "09", "平顶山"}, {"Qiqihar", "08", "齐齐哈尔"},
    {"Wenzhou", "02", "温州"},        {"Nanning", "16", "南宁"},
    {"Anyang", "09", "安阳"},         {"Hohhot", "20", "呼和浩特"},
    {"Shangyu", "02", "上虞"},        {"Xining", "06", "西宁"},
    {"Qinhuangdao", "10", "秦皇岛"},  {"Hengyang", "11", "衡阳"},
    {"Xinxiang", "09", "新乡"},       {"Hegang", "08", "鹤岗"},
    {"Langfang", "10", "廊坊"},       {"Zhumadian", "09", "驻马店"},
    {"Yantai", "25", "烟台"},         {"Zhuzhou", "11", "株洲"},
    {"Changzhi", "24", "长治"},       {"Zhangjiakou", "10", "张家口"},
    {"Zigong", "32", "自贡"},         {"Fuxin", "19", "阜新"},
    {"Huangshi", "12", "黄石"},       {"Liaoyang", "19", "辽阳"},
    {"Xiangtan", "11", "湘潭"},       {"Nantong", "04", "南通"},
    {"Mudanjiang", "08", "牡丹江"},   {"Guilin", "16", "桂林"},
    {"Zhanjiang", "30", "湛江"},      {"Zhenjiang", "04", "镇江"},
    {"Dandong", "19", "丹东"},        {"Shaoguan", "30", "韶关"},
    {"Yancheng", "04", "盐城"},       {"Haikou", "31", "海口"},
    {"Taizhou", "04", "泰州"},        {"Xingtai", "10", "邢台"},
    {"Shuangyashan", "08", "双鸭山"}, {"Yingkou", "19", "营口"},
    {"Zhangzhou", "07", "漳州"},      {"Bengbu", "01", "蚌埠"},
    {"Shihezi", "13", "石河子"},      {"Siping", "05", "四平"},
    {"Huai'an", "04", "淮安"},        {"Jiamusi", "08", "佳木斯"},
    {"Neijiang", "32", "内江"},       {"Yangzhou", "04", "扬州"},
    {"Jiangmen", "30", "江门"},       {"Cangzhou", "10", "沧州"},
    {"Changde", "11", "常德"},        {"Jiaozuo", "09", "焦作"},
    {"Tonghua", "05", "通化"},        {"Wuhu", "01", "芜湖"},
    {"Zhuhai", "30", "珠海"},         {"Yichang", "12", "宜昌"},
    {"Yinchuan", "21", "银川"},       {"Zunyi", "18", "遵义"},
    {"Jiaxing", "02", "嘉兴"},        {"Liaoyuan", "05", "辽源"},
    {"Xiangyang", "12", "襄阳"},      {"Hengshui", "10", "衡水"},
    {"Jining", "25", "济宁"},         {"Chengde", "10", "承德"},
    {"Chaozhou", "30", "潮州"},       {"Shaoxing", "02", "绍兴"},
    {"Luohe", "09", "漯河"},          {"Yangquan", "24", "阳泉"},
    {"Jixi", "08", "鸡西"},           {"Yangjiang", "30", "阳江"},
    {"Weifang", "25", "潍坊"},        {"Dezhou", "25", "德州"},
    {"Zhoukou", "09", "周口"},        {"Putian", "07", "莆田"},
    {"Pingxiang", "03", "萍乡"},      {"Zhaoqing", "30", "肇庆"},
    {"Anqing", "01", "安庆"},         {"Anshun", "18", "安顺"},
    {"Chifeng", "20", "赤峰"},        {"Tieling", "19", "铁岭"},
    {"Jincheng", "24", "晋城"},       {"Yanji", "05", "延吉"},
    {"Suizhou", "12", "随州"},        {"Shangrao", "03", "上饶"},
    {"Jingdezhen", "03", "景德镇"},   {"Beihai", "16", "北海"},
    {"Huizhou", "30", "惠州"},        {"Chuzhou", "01", "滁州"},
    {"Kashgar", "13", "喀什"},        {"Linyi", "25", "临沂"},
    {"Wuzhou", "16", "梧州"},         {"Mianyang", "32", "绵阳"},
    {"Tongliao", "20", "通辽"},       {"Karamay", "13", "克拉玛依"},
    {"Jiujiang", "03", "九江"},       {"Jining", "20", "集宁"},
    {"Turpan", "13", "吐鲁番"},       {"Heze", "25", "菏泽"},
    {"Liupanshui", "18", "六盘水"},   {"Nanyang", "09", "南阳"},
    {"Rizhao", "25", "日照"},         {"Ji’an", "03", "吉安"},
    {"Hebi", "09", "鹤壁"},           {"Yibin", "32", "宜宾"},
    {"Linfen", "24", "临汾"},         {"Liaocheng", "25", "聊城"},
    {"Wuhai", "20", "乌海"},          {"Guangyuan", "32", "广元"},
    {"Sanming", "07", "三明"},        {"Suzhou", "01", "宿州"},
    {"Daqing", "08", "大庆"},         {"Yiyang", "11", "益阳"},
    {"Yuncheng", "24", "运城"},       {"Quanzhou", "07", "泉州"},
    {"Zaozhuang", "25", "枣庄"},      {"Shangqiu", "09", "商丘"},
    {"Xianning", "12", "咸宁"},       {"Korla", "13", "库尔勒"},
    {"Chenzhou", "11", "郴州"},       {"Jingzhou", "12", "荆州"},
    {"Bozhou", "01", "亳州"},         {"Weinan", "26", "渭南"},
    {"Nanping", "07", "南平"},        {"Lhasa", "14", "拉萨"},
};

constexpr std::string_view kTitlesZh[] = {"采购经理", "采购专员", "设备部经理", "生产总监",
                                          "总经理",   "工程师",   "厂长",       "财务经理"};
constexpr std::string_view kTitlesEn[] = {
    "Purchasing Manager", "Buyer",    "Maintenance Manager", "Plant Manager",
    "General Manager",    "Engineer", "Operations Director", "Procurement Director"};

constexpr std::string_view kLostZh[] = {"价格",     "竞争对手服务更好", "缺少所需功能",
                                        "预算取消", "交期太长",         "客户暂停决策"};
constexpr std::string_view kLostEn[] = {"price",      "competitor service", "missing feature",
                                        "budget cut", "lead time too long", "no decision"};

constexpr std::array<std::array<std::string_view, 3>, 5> kNotesZh = {{
    {"电话开发新客户：{}", "陌生拜访{}周边工业园", "整理{}的潜在需求"},
    {"与{}采购电话沟通报价", "电话跟进{}的交货问题", "回访{}，确认使用情况"},
    {"拜访{}，沟通年度采购计划", "在{}做产品演示", "与{}商务谈判"},
    {"给{}发送报价单", "回复{}的技术咨询", "向{}发送合同草稿"},
    {"整理周报和CRM记录", "处理报销单据", "更新客户档案"},
}};
constexpr std::array<std::array<std::string_view, 3>, 5> kNotesEn = {{
    {"Cold call to {}", "Prospecting around {}", "Researched {} before a first contact"},
    {"Call with {} purchasing about the quote", "Follow-up call with {} on a delivery",
     "Check-in call with {}"},
    {"Visited {} to discuss the annual supply plan", "Product demo at {}",
     "Commercial negotiation with {}"},
    {"Sent a quote to {}", "Answered a technical question from {}",
     "Sent the draft contract to {}"},
    {"Weekly report and CRM updates", "Expense claims", "Updated account records"},
}};

constexpr std::string_view kStrengthZh[] = {"善于开发新客户", "谈判能力强，能守住价格",
                                            "技术功底扎实，能解答设备选型问题", "成交果断",
                                            "大客户关系维护细致"};
constexpr std::string_view kStrengthEn[] = {
    "finds new customers easily", "strong negotiator who holds the price",
    "solid technical knowledge for equipment selection", "closes decisively",
    "looks after key accounts carefully"};
constexpr std::string_view kWeaknessZh[] = {"新客户开发不足", "容易让价", "技术问题需要支持",
                                            "推进成交偏慢", "老客户回访不够"};
constexpr std::string_view kWeaknessEn[] = {"too little prospecting", "gives discounts too easily",
                                            "needs help with technical questions", "slow to close",
                                            "too few follow-ups with existing customers"};

}  // namespace

std::span<const Surname> ChineseSurnames() { return kSurnames; }
std::span<const Hanzi> ChineseGivenNames() { return kGivenNames; }
std::span<const std::string_view> EnglishFirstNames() { return kFirstNames; }
std::span<const std::string_view> EnglishLastNames() { return kLastNames; }
std::span<const Hanzi> CompanyBrands() { return kBrands; }
std::span<const std::string_view> EnglishCompanyWords() { return kCompanyWords; }
std::span<const Industry> Industries() { return kIndustries; }
std::span<const Category> Categories() { return kCategories; }
std::span<const CatalogueItem> Catalogue() { return kCatalogue; }
std::span<const std::string_view> TitlesZh() { return kTitlesZh; }
std::span<const std::string_view> TitlesEn() { return kTitlesEn; }
std::span<const std::string_view> LostReasonsZh() { return kLostZh; }
std::span<const std::string_view> LostReasonsEn() { return kLostEn; }

const RegionInfo& InfoOf(Region region) { return kRegions[static_cast<int>(region)]; }

const Province* FindProvince(std::string_view code) {
  for (const Province& p : kProvinces)
    if (p.code == code) return &p;
  return nullptr;
}

std::string_view ChineseCityName(std::string_view name, std::string_view admin) {
  for (const CityName& c : kCityNames)
    if (c.name == name && c.admin == admin) return c.zh;
  return {};
}

std::span<const std::string_view> ActivityNotes(int type, bool chinese) {
  return chinese ? std::span<const std::string_view>(kNotesZh[static_cast<std::size_t>(type)])
                 : std::span<const std::string_view>(kNotesEn[static_cast<std::size_t>(type)]);
}

std::string_view StrengthText(int skill, bool chinese) {
  return chinese ? kStrengthZh[skill] : kStrengthEn[skill];
}

std::string_view WeaknessText(int skill, bool chinese) {
  return chinese ? kWeaknessZh[skill] : kWeaknessEn[skill];
}

}  // namespace salesdesk::demo::internal
