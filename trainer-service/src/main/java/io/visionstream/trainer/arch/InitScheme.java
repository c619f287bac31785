package io.visionstream.trainer.arch;

/**
 * How a network's fresh weights are drawn, as its reference implementation draws them. A network trained from a
 * different initialisation than its reference starts elsewhere: with too large weights the logits of a 10-class
 * classifier start far from uniform and the first epochs' loss is 5-12 instead of ln 10 (issue #16). Each scheme says,
 * per kind of parameter, which {@link Draw} fills it; batch-norm is gamma 1, beta 0 in every scheme (all the
 * references do so). The zoo picks the scheme per network ({@link Zoo#initScheme(String)}).
 *
 * <p>Sources (read, not copied): torchvision {@code models/alexnet.py}, {@code vgg.py}, {@code googlenet.py},
 * {@code inception.py}, {@code resnet.py}, {@code densenet.py} ({@code _initialize_weights} / {@code __init__}
 * loops); timm {@code models/inception_v4.py} and {@code inception_resnet_v2.py} (no initialisation of their own:
 * PyTorch's module defaults); d2l {@code d2l/torch.py} {@code init_cnn} (Xavier uniform on Linear and Conv2d weights),
 * applied by its LeNet, BN-LeNet, NiN and DenseNet notebooks; PyTorch {@code nn.Conv2d/nn.Linear.reset_parameters}.
 */
public enum InitScheme {

    /**
     * PyTorch's module defaults, what torchvision's AlexNet and timm's Inception v4 / Inception-ResNet v2 keep:
     * weights {@code kaiming_uniform_(a=sqrt(5))}, i.e. U(+-1/sqrt(fan_in)); biases U(+-1/sqrt(fan_in)).
     */
    PYTORCH_DEFAULT(Draw.PYTORCH_DEFAULT, Draw.PYTORCH_DEFAULT, Draw.PYTORCH_DEFAULT, Draw.PYTORCH_DEFAULT),

    /** d2l's {@code init_cnn}: Xavier uniform weights for conv and dense layers; biases keep PyTorch's default. */
    D2L_XAVIER(Draw.XAVIER_UNIFORM, Draw.PYTORCH_DEFAULT, Draw.XAVIER_UNIFORM, Draw.PYTORCH_DEFAULT),

    /**
     * torchvision VGG: conv {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")}, bias 0; dense N(0, 0.01),
     * bias 0.
     */
    VGG(Draw.KAIMING_NORMAL_FAN_OUT, Draw.ZERO, Draw.NORMAL_0_01, Draw.ZERO),

    /**
     * torchvision GoogLeNet: conv and dense weights {@code trunc_normal_(std=0.01, a=-2, b=2)}; biases keep PyTorch's
     * default.
     */
    GOOGLENET(Draw.TRUNCATED_NORMAL_0_01, Draw.PYTORCH_DEFAULT, Draw.TRUNCATED_NORMAL_0_01, Draw.PYTORCH_DEFAULT),

    /**
     * torchvision Inception v3: conv and dense weights {@code trunc_normal_(std=0.1, a=-2, b=2)} unless the module
     * sets its own {@code stddev}: the auxiliary head's last conv uses 0.01 and its dense layer 0.001. Biases keep
     * PyTorch's default.
     */
    INCEPTION_V3(Draw.TRUNCATED_NORMAL_0_1, Draw.PYTORCH_DEFAULT, Draw.TRUNCATED_NORMAL_0_1, Draw.PYTORCH_DEFAULT,
            Draw.TRUNCATED_NORMAL_0_01, Draw.TRUNCATED_NORMAL_0_001),

    /**
     * torchvision ResNet: conv {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")}; dense layer PyTorch's
     * default. Optionally ({@code zero_init_residual}, off by default there and here) the last batch-norm gamma of
     * each residual branch starts at 0, so every block starts as the identity (Goyal et al. 2017, section 5.1).
     */
    RESNET(Draw.KAIMING_NORMAL_FAN_OUT, Draw.PYTORCH_DEFAULT, Draw.PYTORCH_DEFAULT, Draw.PYTORCH_DEFAULT),

    /** torchvision DenseNet: conv {@code kaiming_normal_} (fan-in, ReLU gain); dense weight PyTorch's default, bias 0. */
    DENSENET(Draw.KAIMING_NORMAL_FAN_IN, Draw.PYTORCH_DEFAULT, Draw.PYTORCH_DEFAULT, Draw.ZERO);

    /**
     * One way of drawing a parameter. Fans come from the weight's shape: fan-in = input channels x kernel area (input
     * features for a dense layer), fan-out = output channels x kernel area; a bias uses its layer's weight's fan-in.
     */
    public enum Draw {
        /** U(+-1/sqrt(fan_in)): PyTorch's {@code kaiming_uniform_(a=sqrt(5))} for weights, its bias rule for biases. */
        PYTORCH_DEFAULT,
        /** U(+-sqrt(6 / (fan_in + fan_out))) (Glorot and Bengio 2010). */
        XAVIER_UNIFORM,
        /** N(0, 2 / fan_out) (He et al. 2015, preserving the backward pass's variance). */
        KAIMING_NORMAL_FAN_OUT,
        /** N(0, 2 / fan_in) (He et al. 2015, preserving the forward pass's variance). */
        KAIMING_NORMAL_FAN_IN,
        /** N(0, 0.01^2). */
        NORMAL_0_01,
        /** N(0, 0.01^2) truncated to [-2, 2]. */
        TRUNCATED_NORMAL_0_01,
        /** N(0, 0.001^2) truncated to [-2, 2]. */
        TRUNCATED_NORMAL_0_001,
        /** N(0, 0.1^2) truncated to [-2, 2]. */
        TRUNCATED_NORMAL_0_1,
        /** All zeros. */
        ZERO
    }

    private final Draw convWeight;
    private final Draw convBias;
    private final Draw denseWeight;
    private final Draw denseBias;
    private final Draw auxLastConvWeight;
    private final Draw auxDenseWeight;

    InitScheme(Draw convWeight, Draw convBias, Draw denseWeight, Draw denseBias) {
        this(convWeight, convBias, denseWeight, denseBias, convWeight, denseWeight);
    }

    InitScheme(Draw convWeight, Draw convBias, Draw denseWeight, Draw denseBias, Draw auxLastConvWeight, Draw auxDenseWeight) {
        this.convWeight = convWeight;
        this.convBias = convBias;
        this.denseWeight = denseWeight;
        this.denseBias = denseBias;
        this.auxLastConvWeight = auxLastConvWeight;
        this.auxDenseWeight = auxDenseWeight;
    }

    public Draw convWeight() {
        return convWeight;
    }

    public Draw convBias() {
        return convBias;
    }

    public Draw denseWeight() {
        return denseWeight;
    }

    public Draw denseBias() {
        return denseBias;
    }

    /** The weight of an auxiliary head's last conv layer (Inception v3's {@code InceptionAux.conv1}). */
    public Draw auxLastConvWeight() {
        return auxLastConvWeight;
    }

    /** The weight of an auxiliary head's dense layers (Inception v3's {@code InceptionAux.fc}). */
    public Draw auxDenseWeight() {
        return auxDenseWeight;
    }
}
